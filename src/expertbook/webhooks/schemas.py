import uuid
from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from expertbook.kit.i18n import Message
from expertbook.kit.schema import Schema

WebhookEvent = Literal[
    "booking.created",
    "booking.confirmed",
    "booking.declined",
    "booking.cancelled",
    "booking.restored",
    "booking.rescheduled",
]
Url = Annotated[str, Field(min_length=8, max_length=2000, description="http(s) URL to POST to")]
Events = Annotated[list[WebhookEvent], Field(min_length=1, max_length=6)]


class WebhookCreate(Schema):
    url: Url
    events: Events
    active: bool = True


class WebhookUpdate(Schema):
    url: Url | None = None
    events: Events | None = None
    active: bool | None = None

    @model_validator(mode="after")
    def _no_nulls(self) -> Self:
        nulls = [name for name in self.model_fields_set if getattr(self, name) is None]
        if nulls:
            raise ValueError(
                Message("These fields cannot be empty: {fields}.", fields=", ".join(sorted(nulls)))
            )
        return self


class WebhookRead(Schema):
    id: uuid.UUID
    url: str
    events: list[str]
    active: bool
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookRead):
    secret: str = Field(
        description="Signs every call (X-ExpertBook-Signature). Shown this once: keep it."
    )


class WebhookDeliveryRead(Schema):
    id: uuid.UUID
    message_id: uuid.UUID = Field(description="The same for every attempt at one message.")
    event: str
    attempt: int
    succeeded: bool
    response_code: int | None
    error: str | None
    duration_ms: int
    attempted_at: datetime


class Redelivery(Schema):
    message_id: uuid.UUID
    message: str
