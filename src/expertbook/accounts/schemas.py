from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field

from expertbook.auth.schemas import Name, Password, UserRead
from expertbook.availability.schemas import Availability
from expertbook.bookings.schemas import BookingRead
from expertbook.event_types.schemas import EventTypeRead
from expertbook.experts.schemas import ExpertRead
from expertbook.kit.i18n import Language
from expertbook.kit.schema import Schema

CurrentPassword = Annotated[str, Field(min_length=1, max_length=256)]


class AccountUpdate(Schema):
    name: Name | None = None
    email: EmailStr | None = None
    current_password: CurrentPassword | None = Field(
        default=None, description="Needed to change the email."
    )
    language: Language | None = Field(
        default=None, description="The language of the emails ExpertBook sends you."
    )


class PasswordChange(Schema):
    current_password: CurrentPassword
    new_password: Password


class AccountDeletion(Schema):
    password: CurrentPassword


class ExpertData(Schema):
    profile: ExpertRead
    availability: Availability
    event_types: list[EventTypeRead]


class AccountData(Schema):
    """Everything ExpertBook keeps about the user, for them to download."""

    exported_at: datetime
    user: UserRead
    expert: ExpertData | None
    bookings_made: list[BookingRead] = Field(description="Bookings the user made as a client.")
    bookings_with_me: list[BookingRead] = Field(description="Bookings made with the user.")
