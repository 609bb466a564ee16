"""ORM tables, one file each; imported together so Alembic sees one metadata."""

from expertbook.models.base import Base
from expertbook.models.booking import HOLDS_TIME, Booking, BookingStatus
from expertbook.models.event_type import EventType
from expertbook.models.expert import Expert
from expertbook.models.idempotency_key import IdempotencyKey
from expertbook.models.revoked_token import RevokedToken
from expertbook.models.user import User

__all__ = [
    "HOLDS_TIME",
    "Base",
    "Booking",
    "BookingStatus",
    "EventType",
    "Expert",
    "IdempotencyKey",
    "RevokedToken",
    "User",
]
