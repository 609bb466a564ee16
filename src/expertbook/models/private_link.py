import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.kit.time import UTCDateTime, utcnow
from expertbook.models.base import Base, IdMixin


class PrivateLink(IdMixin, Base):
    """A single-use link to book an event type (hidden or not); only its key's hash is kept."""

    __tablename__ = "private_links"

    event_type_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("event_types.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Shown in the dashboard so the expert can tell links apart (the key is not kept).
    label: Mapped[str] = mapped_column(String(120), default="")
    key_hint: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    booking_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("bookings.id", ondelete="SET NULL"), nullable=True
    )
