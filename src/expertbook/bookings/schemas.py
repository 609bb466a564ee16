import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import EmailStr, Field, StringConstraints

from expertbook.event_types.schemas import LocationKind
from expertbook.kit.schema import Schema
from expertbook.kit.time import AwareDatetime, TimeZoneName
from expertbook.models import BookingStatus

Phone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=32, pattern=r"^\+?[0-9][0-9 ()./-]{2,31}$"),
]


class BookingCreate(Schema):
    event_type_id: uuid.UUID
    start: AwareDatetime
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    email: EmailStr
    phone: Phone | None = None
    notes: Annotated[str, Field(max_length=2000)] | None = None
    timezone: TimeZoneName | None = None


class BookingUpdate(Schema):
    status: BookingStatus
    reason: Annotated[str, Field(max_length=500)] | None = None


class BookingReschedule(Schema):
    start: AwareDatetime


class BookingLocation(Schema):
    kind: LocationKind
    details: str | None
    join_url: str | None


class BookingRead(Schema):
    id: uuid.UUID
    status: BookingStatus
    event_type_id: uuid.UUID
    event_title: str
    event_slug: str
    duration_minutes: int
    expert_id: uuid.UUID
    expert_name: str
    expert_username: str
    expert_timezone: str
    user_id: uuid.UUID | None
    start: datetime
    end: datetime
    timezone: str
    name: str
    email: str
    phone: str | None
    notes: str | None
    meet_url: str
    zoom_url: str
    location: BookingLocation
    cancel_reason: str | None
    cancelled_by: Literal["client", "expert"] | None
    cancelled_at: datetime | None
    rescheduled_by: Literal["client", "expert"] | None = None
    rescheduled_at: datetime | None = None
    sequence: int
    created_at: datetime
    updated_at: datetime


class BookingCreated(BookingRead):
    manage_token: str | None = Field(
        default=None, description="Shown once: lets a guest manage the booking. Keep it private."
    )
