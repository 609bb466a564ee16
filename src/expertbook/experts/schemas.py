import uuid
from typing import Annotated

from pydantic import Field

from expertbook.auth.schemas import Username
from expertbook.event_types.schemas import EventTypeRead
from expertbook.kit.schema import Schema
from expertbook.kit.time import TimeZoneName


class ExpertUpdate(Schema):
    username: Username | None = None
    headline: Annotated[str, Field(max_length=160)] | None = None
    bio: Annotated[str, Field(max_length=5000)] | None = None
    timezone: TimeZoneName | None = None


class PublicExpert(Schema):
    """What anyone may see of an expert: never an email."""

    id: uuid.UUID
    name: str
    username: str
    headline: str
    bio: str
    timezone: str
    event_types: list[EventTypeRead]
