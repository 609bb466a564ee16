"""A new booking row, as every path that creates one builds it (bookings, waitlist holds)."""

import uuid
from datetime import datetime
from typing import Any

from expertbook.availability import service as availability
from expertbook.availability import slots as engine
from expertbook.bookings import meeting_links, seats
from expertbook.kit.time import utcnow
from expertbook.models import Booking, BookingStatus, EventType


def session_key_of(
    event_type: EventType, booking_id: uuid.UUID, buffered_start: datetime, buffered_end: datetime
) -> uuid.UUID:
    """A seat joins its start's group session; a one-to-one booking is a session of its own."""
    if event_type.seats is None:
        return booking_id
    return seats.session_key(event_type.id, buffered_start, buffered_end)


def new_booking(
    event_type: EventType,
    slot: engine.Slot,
    *,
    booking_id: uuid.UUID,
    status: BookingStatus,
    manage_token_hash: str,
    name: str,
    email: str,
    timezone: str,
    language: str,
    phone: str | None = None,
    notes: str | None = None,
    answers: dict[str, Any] | None = None,
    guests: list[str] | None = None,
    user_id: uuid.UUID | None = None,
) -> Booking:
    """A booking of `event_type` over `slot`, with its buffers, session and meeting links."""
    buffered_start, buffered_end = engine.buffered_range(
        slot.start, slot.end, availability.settings_of(event_type)
    )
    now = utcnow()
    return Booking(
        id=booking_id,
        session_key=session_key_of(event_type, booking_id, buffered_start, buffered_end),
        expert_id=event_type.expert_id,
        event_type_id=event_type.id,
        user_id=user_id,
        status=status,
        start_at=slot.start,
        end_at=slot.end,
        buffered_start=buffered_start,
        buffered_end=buffered_end,
        timezone=timezone,
        language=language,
        name=name,
        email=email.lower(),
        phone=phone,
        notes=notes,
        answers=answers or {},
        guests=guests or [],
        no_show=False,
        reschedule_requested=False,
        meet_url=meeting_links.google_meet_link(),
        zoom_url=meeting_links.zoom_link(),
        jitsi_url=meeting_links.jitsi_link(),
        manage_token_hash=manage_token_hash,
        sequence=0,
        created_at=now,
        updated_at=now,
    )
