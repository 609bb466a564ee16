"""Event types: an expert's bookable session kinds."""

import uuid
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.errors import Conflict, NotFound, Unprocessable
from expertbook.event_types.schemas import EventTypeCreate, EventTypeUpdate, durations_of
from expertbook.kit.i18n import N_
from expertbook.kit.time import utcnow
from expertbook.models import HOLDS_TIME, Booking, EventType, Expert
from expertbook.realtime.events import Events


def _slug_taken() -> Conflict:
    return Conflict(
        "You already have an event type with this slug.",
        code="slug_taken",
        details={"field": "slug"},
    )


async def list_event_types(session: AsyncSession, expert: Expert) -> list[EventType]:
    query = (
        select(EventType)
        .where(EventType.expert_id == expert.id)
        .order_by(EventType.position, EventType.created_at)
    )
    return list(await session.scalars(query))


async def get_own_event_type(
    session: AsyncSession, expert: Expert, event_type_id: uuid.UUID
) -> EventType:
    """One of the expert's event types; another expert's is simply not found."""
    event_type = await session.scalar(
        select(EventType).where(EventType.id == event_type_id, EventType.expert_id == expert.id)
    )
    if event_type is None:
        raise NotFound("No such event type.")
    return event_type


async def _flush_checking_slug(session: AsyncSession) -> None:
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise _slug_taken() from exc


async def _ensure_slug_free(
    session: AsyncSession, expert: Expert, slug: str, *, except_id: uuid.UUID | None = None
) -> None:
    query = select(EventType.id).where(EventType.expert_id == expert.id, EventType.slug == slug)
    existing = await session.scalar(query)
    if existing is not None and existing != except_id:
        raise _slug_taken()


def _columns(fields: dict[str, Any]) -> dict[str, Any]:
    location = fields.pop("location", None)
    if location is not None:
        fields["location_kind"] = location["kind"]
        fields["location_details"] = location.get("details")
    limits = fields.pop("limits", None)
    if limits is not None:
        fields["limit_per_day"] = limits.get("per_day")
        fields["limit_per_week"] = limits.get("per_week")
    return fields


def _check_seats(event_type: EventType) -> None:
    """A group session has one length: all its seats share one time."""
    if event_type.seats is not None and len(durations_of(event_type)) > 1:
        message = N_("A group session has one length: offer a single duration to sell seats.")
        raise Unprocessable(
            message, code="seats_one_length", details=[{"field": "seats", "message": message}]
        )


async def create_event_type(
    session: AsyncSession, expert: Expert, data: EventTypeCreate
) -> EventType:
    await _ensure_slug_free(session, expert, data.slug)
    fields = _columns(data.model_dump())
    fields["slot_interval_minutes"] = data.slot_interval_minutes or data.duration_minutes
    event_type = EventType(expert_id=expert.id, **fields)
    _check_seats(event_type)
    session.add(event_type)
    await _flush_checking_slug(session)
    return event_type


async def update_event_type(
    session: AsyncSession,
    expert: Expert,
    event_type_id: uuid.UUID,
    data: EventTypeUpdate,
    *,
    events: Events,
) -> EventType:
    event_type = await get_own_event_type(session, expert, event_type_id)
    reminders = set(event_type.reminder_minutes or [])
    if data.slug is not None and data.slug != event_type.slug:
        await _ensure_slug_free(session, expert, data.slug, except_id=event_type.id)
    for name, value in _columns(data.model_dump(exclude_unset=True)).items():
        setattr(event_type, name, value)
    # Whatever changed, the default length stays one of the lengths offered.
    if event_type.duration_options:
        event_type.duration_options = sorted(
            {*event_type.duration_options, event_type.duration_minutes}
        )
    _check_seats(event_type)
    await _flush_checking_slug(session)
    if set(event_type.reminder_minutes or []) != reminders:
        await events.notifier.reminders_changed(session, event_type.id)
    return event_type


async def delete_event_type(
    session: AsyncSession, expert: Expert, event_type_id: uuid.UUID
) -> EventType | None:
    """Delete it, or deactivate it (returned) when it has future confirmed bookings."""
    event_type = await get_own_event_type(session, expert, event_type_id)
    has_future_bookings = await session.scalar(
        select(
            exists().where(
                Booking.event_type_id == event_type.id,
                Booking.status.in_(sorted(HOLDS_TIME)),
                Booking.end_at > utcnow(),
            )
        )
    )
    if has_future_bookings:
        event_type.is_active = False
        await session.flush()
        return event_type
    await session.delete(event_type)
    await session.flush()
    return None
