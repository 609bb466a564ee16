import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.kit.time import UTCDateTime, utcnow
from expertbook.models.base import Base, IdMixin


class OutboxKind(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"
    CALENDAR = "calendar"  # a booking written into, or deleted from, a CalDAV calendar


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting for next_attempt_at, or being delivered under a lease
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; `expertbook outbox --retry` revives it
    SKIPPED = "skipped"  # a reminder whose booking changed before it was due


class OutboxMessage(IdMixin, Base):
    """A message to deliver, written in the transaction of the change that causes it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    kind: Mapped[str] = mapped_column(String(16))
    # What it is about: booking.created, reminder, password_reset…
    topic: Mapped[str] = mapped_column(String(40))
    # Who receives it (an email address or a webhook URL), for operators to read.
    recipient: Mapped[str] = mapped_column(String(2000))
    # An email's whole RFC 5322 text, or a webhook's JSON body.
    payload: Mapped[str] = mapped_column(Text)
    # A reminder is only sent while its booking is still at this sequence and confirmed.
    booking_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    booking_sequence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    webhook_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set while a worker delivers it; a worker that dies lets the lease run out, and
    # another worker picks the message up again.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
