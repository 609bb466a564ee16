"""The base schema: snake_case in Python, camelCase on the wire, no control characters."""

import re
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic.alias_generators import to_camel

from expertbook.kit.i18n import Message

# C0 controls other than tab, line feed and carriage return, DEL, and C1 controls: no
# person types them, PostgreSQL refuses NUL in text, and they hide text on screens.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_MESSAGE = Message("Text cannot contain control characters (such as NUL).")


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def _refuse_control_characters(value: Any) -> None:
    if isinstance(value, str):
        if has_control_characters(value):
            raise ValueError(CONTROL_MESSAGE)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_control_characters(item)


class Schema(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        from_attributes=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _printable_text(cls, value: Any) -> Any:
        # Every text field of every schema, nested schemas checking their own.
        _refuse_control_characters(value)
        return value


T = TypeVar("T")


class Page(Schema, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int
