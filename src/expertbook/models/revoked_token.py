from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.kit.time import UTCDateTime
from expertbook.models.base import Base


class RevokedToken(Base):
    """A token logged out before it expired; kept until then, refused meanwhile."""

    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
