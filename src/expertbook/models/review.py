import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.kit.time import UTCDateTime
from expertbook.models.base import Base, IdMixin, TimestampMixin


class ReviewStatus(StrEnum):
    PUBLISHED = "published"
    REPORTED = "reported"  # hidden until an administrator decides
    REMOVED = "removed"  # an administrator upheld the report


class Review(IdMixin, TimestampMixin, Base):
    """A client's stars and words about one session that took place: one per booking."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        Index("ix_reviews_expert_status_created", "expert_id", "status", "created_at"),
    )

    booking_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("bookings.id", ondelete="CASCADE"), unique=True
    )
    expert_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("experts.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=ReviewStatus.PUBLISHED)
    reply: Mapped[str | None] = mapped_column(Text, nullable=True)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    report_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
