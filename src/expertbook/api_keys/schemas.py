import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from expertbook.api_keys.scopes import SCOPES, Scope
from expertbook.kit.schema import Schema
from expertbook.kit.time import AwareDatetime


class ApiKeyCreate(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=len(SCOPES))]
    expires_at: AwareDatetime | None = None


class ApiKeyRead(Schema):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="The key's first characters, to recognise it")
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(
        default="", description="Shown this once: send it as `Authorization: Bearer eb_…`"
    )
