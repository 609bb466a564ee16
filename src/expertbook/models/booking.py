import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    column,
    func,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.kit.time import UTCDateTime
from expertbook.models.base import Base, IdMixin, TimestampMixin


class BookingStatus(StrEnum):
    PENDING = "pending"  # awaiting the expert's confirmation
    CONFIRMED = "confirmed"
    DECLINED = "declined"  # the expert said no, or did not answer before the start
    CANCELLED = "cancelled"
    # A freed place kept for the first client on its waitlist until they claim it or the
    # hold ends (waitlist/). Nobody reads it as a booking: it becomes one when claimed.
    HELD = "held"


# The statuses in which a booking holds its expert's time: what may never overlap.
# A request awaiting confirmation holds it too, so nobody else books it meanwhile, and
# so does a place held for the waitlist.
HOLDS_TIME = frozenset({BookingStatus.CONFIRMED, BookingStatus.PENDING, BookingStatus.HELD})


class Booking(IdMixin, TimestampMixin, Base):
    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_expert_busy", "expert_id", "status", "buffered_start"),
        Index("ix_bookings_user_start", "user_id", "start_at"),
        Index("ix_bookings_session_key", "session_key", "status"),
        # PostgreSQL refuses two time-holding bookings of one expert whose buffered
        # ranges overlap, unless they are seats of one session, whatever the application
        # does (bookings/overlap.py is in front).
        ExcludeConstraint(
            (column("expert_id"), "="),
            (func.tstzrange(column("buffered_start"), column("buffered_end"), "[)"), "&&"),
            (column("session_key"), "<>"),
            name="ex_bookings_no_overlap",
            using="gist",
            where=column("status").in_(sorted(HOLDS_TIME)),
        ).ddl_if(dialect="postgresql"),
    )

    expert_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("experts.id", ondelete="CASCADE"))
    event_type_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("event_types.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    # The session the booking takes part in: its own id for a one-to-one booking; for a
    # seat of a group session, the same key for every seat at that start (bookings/seats.py).
    session_key: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(16), default=BookingStatus.CONFIRMED)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The range the booking occupies, buffers included: what may never overlap.
    buffered_start: Mapped[datetime] = mapped_column(UTCDateTime)
    buffered_end: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64))
    # The language its emails are written in: the web app's on booking (Accept-Language).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    meet_url: Mapped[str] = mapped_column(String(200), unique=True)
    zoom_url: Mapped[str] = mapped_column(String(200), unique=True)
    jitsi_url: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    manage_token_hash: Mapped[str] = mapped_column(String(64))
    cancel_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    cancelled_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Cancelled by the expert, who asked the client to book another time instead.
    reschedule_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    rescheduled_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    rescheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # The client's answers to the event type's questions: {question id: answer}.
    answers: Mapped[dict[str, str | bool]] = mapped_column(JSON, default=dict)
    # Up to five more people the client invites (emails); they get the calendar file.
    guests: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Marked by the expert after the start: the client did not come.
    no_show: Mapped[bool] = mapped_column(Boolean, default=False)
