import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.kit.time import UTCDateTime
from expertbook.models.base import Base, IdMixin, TimestampMixin

CONFIRMED = "confirmed"
CANCELLED = "cancelled"


class Booking(IdMixin, TimestampMixin, Base):
    __tablename__ = "bookings"
    # On PostgreSQL a migration adds the exclusion constraint that makes two confirmed
    # bookings of one expert overlapping (buffers included) impossible.
    __table_args__ = (
        Index("ix_bookings_expert_busy", "expert_id", "status", "buffered_start"),
        Index("ix_bookings_user_start", "user_id", "start_at"),
    )

    expert_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("experts.id", ondelete="CASCADE"))
    event_type_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("event_types.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default=CONFIRMED)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The range the booking occupies, buffers included: what may never overlap.
    buffered_start: Mapped[datetime] = mapped_column(UTCDateTime)
    buffered_end: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    meet_url: Mapped[str] = mapped_column(String(200), unique=True)
    zoom_url: Mapped[str] = mapped_column(String(200), unique=True)
    manage_token_hash: Mapped[str] = mapped_column(String(64))
    cancel_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    cancelled_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
