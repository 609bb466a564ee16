from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from expertbook.kit.time import UTCDateTime
from expertbook.models.base import Base, IdMixin, TimestampMixin

if TYPE_CHECKING:
    from expertbook.models.expert import Expert


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(120))
    # Stored normalised (trimmed, lower case), so uniqueness is case-insensitive.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # The language emails to them are written in: the web app's, kept up to date by it.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    is_expert: Mapped[bool] = mapped_column(Boolean, default=False)
    # Tokens issued before this are refused: a password change or "log out everywhere".
    tokens_valid_after: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The secret part of the private calendar feed's URL; made on first use, rotatable.
    feed_token: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)

    expert: Mapped["Expert | None"] = relationship(back_populates="user", lazy="raise")
