import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.kit.time import UTCDateTime, utcnow
from expertbook.models.base import Base, IdMixin


class WaitlistStatus(StrEnum):
    WAITING = "waiting"  # in line
    OFFERED = "offered"  # a freed place is held for them until offered_until
    BOOKED = "booked"  # they claimed it: hold_booking_id is their booking
    LEFT = "left"  # they left the line, or let their offer go
    EXPIRED = "expired"  # the offer ran out, or the session started
    CLOSED = "closed"  # the expert cancelled the session


# The entries still in line for a place.
IN_LINE = frozenset({WaitlistStatus.WAITING, WaitlistStatus.OFFERED})


class WaitlistEntry(IdMixin, Base):
    """A client in line for a full session or a taken slot: one event type at one start."""

    __tablename__ = "waitlist_entries"
    __table_args__ = (
        Index("ix_waitlist_entries_line", "event_type_id", "start_at", "status", "created_at"),
        Index("ix_waitlist_entries_offers", "status", "offered_until"),
    )

    expert_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("experts.id", ondelete="CASCADE"))
    event_type_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("event_types.id", ondelete="CASCADE")
    )
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(320))
    timezone: Mapped[str] = mapped_column(String(64))
    # The language its emails are written in: the web app's on booking (Accept-Language).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # What the booking form would ask, kept for the booking the place becomes.
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    answers: Mapped[dict[str, str | bool]] = mapped_column(JSON, default=dict)
    token_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=WaitlistStatus.WAITING)
    # While offered, the held place; once claimed, the booking it became.
    booking_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("bookings.id", ondelete="SET NULL"), nullable=True
    )
    offered_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
