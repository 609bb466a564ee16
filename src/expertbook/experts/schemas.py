import re
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from expertbook.auth.schemas import UserRead
from expertbook.event_types.schemas import EventTypeRead
from expertbook.kit.schema import Schema
from expertbook.kit.time import TimeZoneName

RESERVED_USERNAMES = frozenset(
    {
        "api", "login", "logout", "register", "profile", "my-bookings", "expert-dashboard",
        "expert", "experts", "bookings", "booking", "docs", "redoc", "openapi", "assets",
        "static", "socket.io", "healthz", "admin", "settings", "dashboard", "new", "about",
        "help", "support", "terms", "privacy", "event-types", "me", "www", "favicon.ico",
        "embed", "embed.js",
    }
)  # fmt: skip
USERNAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$")


def _validate_username(value: str) -> str:
    value = value.strip().lower()
    if not USERNAME_PATTERN.fullmatch(value):
        raise ValueError(
            "A username has 3 to 30 characters: lowercase letters, digits and dashes,"
            " and does not start or end with a dash."
        )
    if value in RESERVED_USERNAMES:
        raise ValueError(f"The username “{value}” is reserved. Please choose another.")
    return value


Username = Annotated[str, AfterValidator(_validate_username)]
Headline = Annotated[str, Field(max_length=160)]
Bio = Annotated[str, Field(max_length=5000)]


class BecomeExpertRequest(Schema):
    username: Username | None = None
    headline: Headline = ""
    bio: Bio = ""
    timezone: TimeZoneName | None = None


class ExpertUpdate(Schema):
    username: Username | None = None
    headline: Headline | None = None
    bio: Bio | None = None
    timezone: TimeZoneName | None = None
    max_bookings_per_day: Annotated[
        int | None,
        Field(ge=1, le=1000, description="Most bookings a day, of all types; null for no cap"),
    ] = None


class ExpertRead(Schema):
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    username: str
    headline: str
    bio: str
    timezone: str
    max_bookings_per_day: int | None = None
    created_at: datetime


class BecomeExpertResponse(Schema):
    user: UserRead
    expert: ExpertRead


class PublicExpert(Schema):
    """What anyone may see of an expert: never an email."""

    id: uuid.UUID
    name: str
    username: str
    headline: str
    bio: str
    timezone: str
    event_types: list[EventTypeRead]
