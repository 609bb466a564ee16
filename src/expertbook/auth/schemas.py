import uuid
from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints

from expertbook.kit.i18n import Language
from expertbook.kit.schema import Schema

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Password = Annotated[str, Field(min_length=8, max_length=256)]


class RegisterRequest(Schema):
    name: Name
    email: EmailStr
    password: Password


class LoginRequest(Schema):
    email: EmailStr
    password: Annotated[str, Field(min_length=1, max_length=256)]


class UserRead(Schema):
    id: uuid.UUID
    name: str
    email: str
    is_expert: bool
    expert_id: uuid.UUID | None = None
    username: str | None = None
    timezone: str | None = None
    language: Language = Field(description="The language of the emails ExpertBook sends them.")
    created_at: datetime


class TokenResponse(Schema):
    token: str
    user: UserRead


class PasswordResetRequest(Schema):
    email: EmailStr


class PasswordResetConfirm(Schema):
    token: Annotated[str, Field(min_length=1, max_length=200)]
    password: Password


class Accepted(Schema):
    message: str
