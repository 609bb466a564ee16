import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, EmailStr, Field, StringConstraints, model_validator

from expertbook.event_types.schemas import LocationKind
from expertbook.kit.i18n import Language, Message
from expertbook.kit.schema import Schema
from expertbook.kit.time import AwareDatetime, TimeZoneName
from expertbook.models import BookingStatus

Phone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=32, pattern=r"^\+?[0-9][0-9 ()./-]{2,31}$"),
]


AnswerKey = Annotated[str, StringConstraints(max_length=40)]
AnswerValue = Annotated[str, StringConstraints(max_length=5000)] | bool


def _distinct_guests(guests: list[str]) -> list[str]:
    lowered = [guest.lower() for guest in guests]
    if len(set(lowered)) != len(lowered):
        raise ValueError(Message("Each guest's email only once, please."))
    return lowered


class ClientDetails(Schema):
    """Who books, and what the booking form asks them: for a booking or a waitlist place."""

    event_type_id: uuid.UUID
    start: AwareDatetime
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    email: EmailStr
    phone: Phone | None = None
    notes: Annotated[str, Field(max_length=2000)] | None = None
    timezone: TimeZoneName | None = None
    answers: Annotated[
        dict[AnswerKey, AnswerValue],
        Field(max_length=10, description="Answers to the event type's questions, by question id"),
    ] = Field(default_factory=dict)


class BookingCreate(ClientDetails):
    duration_minutes: Annotated[
        int | None,
        Field(ge=1, le=1440, description="One of the event type's durationOptions; its default"),
    ] = None
    guests: Annotated[
        list[EmailStr],
        Field(max_length=5, description="Up to five more people to invite"),
        AfterValidator(_distinct_guests),
    ] = Field(default_factory=list)
    private_key: Annotated[
        str | None,
        Field(max_length=100, description="The key of a single-use private link (?key=…)"),
    ] = None


class BookingUpdate(Schema):
    status: Literal["confirmed", "declined", "cancelled"] = Field(
        description="confirmed: confirm a request or restore a cancelled booking; declined: "
        "refuse a request (expert); cancelled: cancel (either party)."
    )
    reason: Annotated[str, Field(max_length=500)] | None = None
    reschedule_requested: bool = Field(
        default=False,
        description="With status cancelled, by the expert: ask the client to book another "
        "time. Their email links to the booking page with their name and email filled in.",
    )

    @model_validator(mode="after")
    def _reschedule_cancels(self) -> "BookingUpdate":
        if self.reschedule_requested and self.status != "cancelled":
            raise ValueError(Message("Asking for another time cancels the booking."))
        return self


class NoShowUpdate(Schema):
    no_show: bool


class BookingReschedule(Schema):
    start: AwareDatetime


class AnswerRead(Schema):
    id: str
    label: str
    value: str | bool


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
    language: Language = Field(
        description="The client's language: the one they booked in, which their emails use."
    )
    name: str
    email: str
    phone: str | None
    notes: str | None
    meet_url: str
    zoom_url: str
    location: BookingLocation
    cancel_reason: str | None = Field(description="Why it was cancelled or declined")
    cancelled_by: Literal["client", "expert", "system"] | None
    cancelled_at: datetime | None
    reschedule_requested: bool = Field(
        default=False,
        description="Cancelled by the expert, who asks the client to book another time.",
    )
    cancel_deadline: datetime | None = Field(
        default=None,
        description="Until when the client may cancel or reschedule; none when always.",
    )
    answers: list["AnswerRead"] = Field(default_factory=list)
    guests: list[str] = Field(default_factory=list)
    no_show: bool = False
    rescheduled_by: Literal["client", "expert"] | None = None
    rescheduled_at: datetime | None = None
    sequence: int
    session_key: uuid.UUID = Field(
        description="The group session this seat belongs to (the booking's own id when "
        "one-to-one); the expert reads a session's attendees with it."
    )
    seats: int | None = Field(default=None, description="The session's seats; null: one-to-one")
    seats_taken: int | None = Field(
        default=None,
        description="In booking lists, a group session's seats held now; null otherwise",
    )
    created_at: datetime
    updated_at: datetime


class BookingCreated(BookingRead):
    manage_token: str | None = Field(
        default=None, description="Shown once: lets a guest manage the booking. Keep it private."
    )


class SessionRead(Schema):
    """A group session as its expert sees it: every seat, with each attendee."""

    session_key: uuid.UUID
    event_type_id: uuid.UUID
    event_title: str
    start: datetime
    end: datetime
    seats: int | None
    seats_taken: int = Field(description="Seats held by a confirmed or pending booking")
    attendees: list[BookingRead] = Field(description="Every seat's booking, cancelled ones too")


class SessionCancel(Schema):
    reason: Annotated[str, Field(max_length=500)] | None = None
