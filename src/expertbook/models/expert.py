import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from expertbook.kit.time import UTCDateTime
from expertbook.models.base import Base, IdMixin, TimestampMixin

if TYPE_CHECKING:
    from expertbook.models.user import User

DEFAULT_WEEKLY_HOURS: list[dict[str, Any]] = [
    {"weekday": day, "start": "08:00", "end": "17:00"} for day in range(7)
]


class Expert(IdMixin, TimestampMixin, Base):
    __tablename__ = "experts"
    # Covers what the directory sorts and filters on, so a page is picked from the index
    # alone (directory/service.py).
    __table_args__ = (
        Index(
            "ix_experts_directory",
            "listed",
            "review_count",
            "rating_sum",
            "next_free_at",
            "id",
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    username: Mapped[str] = mapped_column(String(30), unique=True)
    headline: Mapped[str] = mapped_column(String(160), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64))
    # Availability is read and replaced as a whole, so it lives with the expert:
    # [{weekday, start "HH:MM", end "HH:MM"}] and [{date, intervals: [{start, end}]}].
    weekly_hours: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=lambda: [dict(rule) for rule in DEFAULT_WEEKLY_HOURS]
    )
    date_overrides: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Most bookings (pending or confirmed) on one day in the expert's zone, of all types.
    max_bookings_per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The sites that may show the booking page in a frame (/embed/…): origins such as
    # "https://alice.example", or ["*"] for any site.
    embed_origins: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["*"])
    # Bumped by every commit that changes the expert's free slots (availability/slots_cache.py).
    slots_generation: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # Whether the expert has connected calendars (calendars/): without any, slots and
    # bookings spend no query on their busy times.
    has_calendars: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    # The directory (directory/): free tags shown and searched, ISO 639 language codes, and
    # whether the expert appears there at all (the public page works either way).
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    listed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The avatar's name in the media store (avatars/), None without one.
    avatar_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # Published reviews only (reviews/ keeps them up to date in the review's transaction).
    review_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The first free slot within the directory's horizon (directory/next_free.py), as
    # computed under `next_free_generation` of the slots; true until `next_free_until`.
    next_free_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_free_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_free_generation: Mapped[int] = mapped_column(BigInteger, default=-1, server_default="-1")

    user: Mapped["User"] = relationship(back_populates="expert", lazy="raise")
