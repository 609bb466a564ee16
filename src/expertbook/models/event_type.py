import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.models.base import Base, IdMixin, TimestampMixin

DEFAULT_REMINDER_MINUTES = (24 * 60, 60)


class EventType(IdMixin, TimestampMixin, Base):
    __tablename__ = "event_types"
    __table_args__ = (UniqueConstraint("expert_id", "slug", name="uq_event_types_expert_slug"),)

    expert_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("experts.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int] = mapped_column(Integer)
    location_kind: Mapped[str] = mapped_column(String(20), default="jitsi")
    location_details: Mapped[str | None] = mapped_column(String(500), nullable=True)
    slot_interval_minutes: Mapped[int] = mapped_column(Integer)
    buffer_before_minutes: Mapped[int] = mapped_column(Integer, default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(Integer, default=0)
    min_notice_minutes: Mapped[int] = mapped_column(Integer, default=0)
    max_days_ahead: Mapped[int] = mapped_column(Integer, default=60)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Bookings wait as `pending` (holding the time) until the expert confirms them.
    requires_confirmation: Mapped[bool] = mapped_column(Boolean, default=False)
    # [{id, label, kind, required, options?}]: what the booking form asks.
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The lengths a client may choose from; empty means just duration_minutes.
    duration_options: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Most bookings of this type (pending or confirmed) a day and a week, in the
    # expert's zone; none when unset.
    limit_per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    limit_per_week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # A client may cancel or reschedule until this long before the start.
    cancel_notice_minutes: Mapped[int] = mapped_column(Integer, default=0)
    # Not listed on the public page; bookable through its own link.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    # A group session: this many clients book seats at one start, which holds the
    # expert's time once. None: one-to-one.
    seats: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # How long a freed place stays held for the first client on its waitlist.
    waitlist_hold_minutes: Mapped[int] = mapped_column(Integer, default=30)
    # Minutes before the start at which both parties get a reminder.
    reminder_minutes: Mapped[list[int]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_REMINDER_MINUTES)
    )
