import uuid
from datetime import datetime, timedelta
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from expertbook.kit.i18n import Message
from expertbook.kit.schema import Schema
from expertbook.models import EventType
from expertbook.models.event_type import DEFAULT_REMINDER_MINUTES

LocationKind = Literal["jitsi", "google_meet", "zoom", "phone", "in_person", "custom"]
Slug = Annotated[
    str, StringConstraints(min_length=1, max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
MAX_DURATION_MINUTES = MAX_BUFFER_MINUTES = 720
# No booking, buffers included, lasts longer: lets busy lookups bound their index scans.
LONGEST_BUFFERED_BOOKING = timedelta(minutes=MAX_DURATION_MINUTES + 2 * MAX_BUFFER_MINUTES)
Duration = Annotated[int, Field(ge=5, le=MAX_DURATION_MINUTES)]
Buffer = Annotated[int, Field(ge=0, le=MAX_BUFFER_MINUTES)]
Notice = Annotated[int, Field(ge=0, le=60 * 24 * 365)]
DaysAhead = Annotated[int, Field(ge=1, le=730)]
Description = Annotated[str, Field(max_length=5000)]
Position = Annotated[int, Field(ge=0, le=10_000)]
HoldMinutes = Annotated[
    int,
    Field(
        ge=5,
        le=24 * 60,
        description="How long a freed place is held for the first client on its waitlist.",
    ),
]
Seats = Annotated[
    int,
    Field(ge=2, le=500, description="Clients per session, for a group session; null: one-to-one."),
]
# Minutes before the start at which both parties are reminded: up to five, each from
# 5 minutes to 4 weeks ahead. An empty list means no reminders.
ReminderMinutes = Annotated[
    list[Annotated[int, Field(ge=5, le=60 * 24 * 28)]],
    Field(max_length=5, description="Minutes before the start to send reminders, e.g. [1440, 60]."),
]


def _options_with(options: list[int], duration: int) -> list[int]:
    """The lengths offered, shortest first; the default length is always one of them."""
    return sorted({*options, duration}) if options else []


def _distinct_descending(minutes: list[int] | None) -> list[int] | None:
    return None if minutes is None else sorted(set(minutes), reverse=True)


QuestionKind = Literal["text", "textarea", "select", "checkbox", "phone"]
Option = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class Question(Schema):
    id: Annotated[
        str,
        StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$"),
        Field(description="Names the answer: lower-case letters, digits, - and _."),
    ]
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    kind: QuestionKind = "text"
    required: bool = False
    options: Annotated[list[Option], Field(max_length=20)] | None = None

    @model_validator(mode="after")
    def _options_for_select_only(self) -> Self:
        if self.kind == "select" and not self.options:
            raise ValueError(Message("A select question needs at least one option."))
        if self.kind != "select" and self.options:
            raise ValueError(Message("Only a select question has options."))
        return self


def _unique_ids(questions: list[Question]) -> list[Question]:
    ids = [question.id for question in questions]
    if len(set(ids)) != len(ids):
        raise ValueError(Message("Each question needs an id of its own."))
    return questions


Questions = Annotated[list[Question], Field(max_length=10), AfterValidator(_unique_ids)]
DurationOptions = Annotated[
    list[Duration],
    Field(max_length=6, description="Lengths a client may choose from, e.g. [15, 30, 60]."),
]
Limit = Annotated[int, Field(ge=1, le=1000)]


class Limits(Schema):
    per_day: Limit | None = None
    per_week: Limit | None = None


class Location(Schema):
    kind: LocationKind = "jitsi"
    details: Annotated[str, Field(max_length=500)] | None = None


class EventTypeCreate(Schema):
    title: Title
    slug: Slug
    description: Description = ""
    duration_minutes: Duration
    location: Location = Field(default_factory=Location)
    slot_interval_minutes: Duration | None = None
    buffer_before_minutes: Buffer = 0
    buffer_after_minutes: Buffer = 0
    min_notice_minutes: Notice = 0
    max_days_ahead: DaysAhead = 60
    is_active: bool = True
    position: Position = 0
    reminder_minutes: ReminderMinutes = Field(
        default_factory=lambda: list(DEFAULT_REMINDER_MINUTES)
    )
    requires_confirmation: bool = False
    questions: Questions = Field(default_factory=list)
    duration_options: DurationOptions = Field(default_factory=list)
    limits: Limits = Field(default_factory=Limits)
    cancel_notice_minutes: Notice = 0
    hidden: bool = False
    seats: Seats | None = None
    waitlist_hold_minutes: HoldMinutes = 30

    @model_validator(mode="after")
    def _tidy(self) -> Self:
        self.reminder_minutes = _distinct_descending(self.reminder_minutes) or []
        self.duration_options = _options_with(self.duration_options, self.duration_minutes)
        return self


class EventTypeUpdate(Schema):
    title: Title | None = None
    slug: Slug | None = None
    description: Description | None = None
    duration_minutes: Duration | None = None
    location: Location | None = None
    slot_interval_minutes: Duration | None = None
    buffer_before_minutes: Buffer | None = None
    buffer_after_minutes: Buffer | None = None
    min_notice_minutes: Notice | None = None
    max_days_ahead: DaysAhead | None = None
    is_active: bool | None = None
    position: Position | None = None
    reminder_minutes: ReminderMinutes | None = None
    requires_confirmation: bool | None = None
    questions: Questions | None = None
    duration_options: DurationOptions | None = None
    limits: Limits | None = None
    cancel_notice_minutes: Notice | None = None
    hidden: bool | None = None
    seats: Seats | None = None  # null makes it one-to-one again
    waitlist_hold_minutes: HoldMinutes | None = None

    @model_validator(mode="after")
    def _no_nulls(self) -> Self:
        # Omit a field to keep it; null is not a value any of them can take but seats'.
        nulls = [
            name
            for name in self.model_fields_set
            if getattr(self, name) is None and name != "seats"
        ]
        if nulls:
            raise ValueError(
                Message("These fields cannot be empty: {fields}.", fields=", ".join(sorted(nulls)))
            )
        self.reminder_minutes = _distinct_descending(self.reminder_minutes)
        return self


class EventTypeRead(Schema):
    id: uuid.UUID
    expert_id: uuid.UUID
    title: str
    slug: str
    description: str
    duration_minutes: int
    location: Location
    slot_interval_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_minutes: int
    max_days_ahead: int
    is_active: bool
    position: int
    reminder_minutes: list[int]
    requires_confirmation: bool
    questions: list[Question]
    duration_options: list[int] = Field(
        description="The lengths a client may choose from (always including durationMinutes)."
    )
    limits: Limits
    cancel_notice_minutes: int
    hidden: bool
    seats: int | None = Field(description="Clients per session; null for one-to-one.")
    waitlist_hold_minutes: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, event_type: EventType) -> "EventTypeRead":
        return cls(
            id=event_type.id,
            expert_id=event_type.expert_id,
            title=event_type.title,
            slug=event_type.slug,
            description=event_type.description,
            duration_minutes=event_type.duration_minutes,
            location=Location(
                kind=event_type.location_kind,
                details=event_type.location_details,
            ),
            slot_interval_minutes=event_type.slot_interval_minutes,
            buffer_before_minutes=event_type.buffer_before_minutes,
            buffer_after_minutes=event_type.buffer_after_minutes,
            min_notice_minutes=event_type.min_notice_minutes,
            max_days_ahead=event_type.max_days_ahead,
            is_active=event_type.is_active,
            position=event_type.position,
            reminder_minutes=list(event_type.reminder_minutes or []),
            requires_confirmation=event_type.requires_confirmation,
            questions=[Question.model_validate(q) for q in event_type.questions or []],
            duration_options=durations_of(event_type),
            limits=Limits(per_day=event_type.limit_per_day, per_week=event_type.limit_per_week),
            cancel_notice_minutes=event_type.cancel_notice_minutes,
            hidden=event_type.hidden,
            seats=event_type.seats,
            waitlist_hold_minutes=event_type.waitlist_hold_minutes,
            created_at=event_type.created_at,
            updated_at=event_type.updated_at,
        )


def durations_of(event_type: EventType) -> list[int]:
    """The lengths a client may book, the default among them, shortest first."""
    return sorted({*(event_type.duration_options or []), event_type.duration_minutes})


class EventTypeDeleted(Schema):
    result: Literal["deleted", "deactivated"]
    message: str


class PrivateLinkCreate(Schema):
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""


class PrivateLinkRead(Schema):
    id: uuid.UUID
    label: str
    key_hint: str = Field(description="The key's first characters, to tell links apart")
    created_at: datetime
    used_at: datetime | None
    booking_id: uuid.UUID | None


class PrivateLinkCreated(PrivateLinkRead):
    key: str = ""
    url: str = Field(default="", description="Shown this once: send it to one client")
