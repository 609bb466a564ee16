"""ORM tables, one file each; imported together so Alembic sees one metadata."""

from expertbook.models.api_key import ApiKey
from expertbook.models.base import Base
from expertbook.models.booking import HOLDS_TIME, Booking, BookingStatus
from expertbook.models.calendar import (
    CalendarConnection,
    CalendarCopy,
    CalendarKind,
    ExternalBusy,
)
from expertbook.models.event_type import EventType
from expertbook.models.expert import Expert
from expertbook.models.expert_tag import ExpertTag, TagKind
from expertbook.models.idempotency_key import IdempotencyKey
from expertbook.models.outbox import OutboxKind, OutboxMessage, OutboxStatus
from expertbook.models.password_reset import PasswordReset
from expertbook.models.private_link import PrivateLink
from expertbook.models.review import Review, ReviewStatus
from expertbook.models.revoked_token import RevokedToken
from expertbook.models.user import User
from expertbook.models.waitlist_entry import IN_LINE, WaitlistEntry, WaitlistStatus
from expertbook.models.webhook import Webhook, WebhookDelivery

__all__ = [
    "HOLDS_TIME",
    "IN_LINE",
    "ApiKey",
    "Base",
    "Booking",
    "BookingStatus",
    "CalendarConnection",
    "CalendarCopy",
    "CalendarKind",
    "EventType",
    "Expert",
    "ExpertTag",
    "ExternalBusy",
    "IdempotencyKey",
    "OutboxKind",
    "OutboxMessage",
    "OutboxStatus",
    "PasswordReset",
    "PrivateLink",
    "Review",
    "ReviewStatus",
    "RevokedToken",
    "TagKind",
    "User",
    "WaitlistEntry",
    "WaitlistStatus",
    "Webhook",
    "WebhookDelivery",
]
