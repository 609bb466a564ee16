import re
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, EmailStr, Field, StringConstraints

from expertbook.kit.schema import Schema
from expertbook.kit.time import TimeZoneName

RESERVED_USERNAMES = frozenset(
    {
        "api", "login", "logout", "register", "profile", "my-bookings", "expert-dashboard",
        "expert", "experts", "bookings", "booking", "docs", "redoc", "openapi", "assets",
        "static", "socket.io", "healthz", "admin", "settings", "dashboard", "new", "about",
        "help", "support", "terms", "privacy", "event-types", "me", "www", "favicon.ico",
    }
)  # fmt: skip
USERNAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$")


def _validate_username(value: str) -> str:
    value = value.strip().lower()
    if not USERNAME_PATTERN.fullmatch(value):
        raise ValueError("3–30 characters of a-z, 0-9 and '-', not starting or ending with '-'")
    if value in RESERVED_USERNAMES:
        raise ValueError(f"'{value}' is reserved")
    return value


Username = Annotated[str, AfterValidator(_validate_username)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Password = Annotated[str, Field(min_length=8, max_length=256)]


class RegisterRequest(Schema):
    name: Name
    email: EmailStr
    password: Password


class LoginRequest(Schema):
    email: EmailStr
    password: Annotated[str, Field(min_length=1, max_length=256)]


class BecomeExpertRequest(Schema):
    username: Username | None = None
    headline: Annotated[str, Field(max_length=160)] = ""
    bio: Annotated[str, Field(max_length=5000)] = ""
    timezone: TimeZoneName | None = None


class UserRead(Schema):
    id: uuid.UUID
    name: str
    email: str
    is_expert: bool
    expert_id: uuid.UUID | None = None
    username: str | None = None
    timezone: str | None = None
    created_at: datetime


class ExpertRead(Schema):
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    username: str
    headline: str
    bio: str
    timezone: str
    created_at: datetime


class TokenResponse(Schema):
    token: str
    user: UserRead


class BecomeExpertResponse(Schema):
    user: UserRead
    expert: ExpertRead
