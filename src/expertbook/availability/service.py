"""Availability storage and the public slots, computed by the pure engine in slots.py."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.availability import slots as engine
from expertbook.availability.schemas import Availability, minutes
from expertbook.errors import NotFound
from expertbook.event_types.schemas import LONGEST_BUFFERED_BOOKING
from expertbook.kit.time import utcnow, zone
from expertbook.models import CONFIRMED, Booking, EventType, Expert, User

MAX_DAYS_PER_CALL = 62


def get_availability(expert: Expert) -> Availability:
    return Availability.model_validate(
        {
            "timezone": expert.timezone,
            "weekly": expert.weekly_hours,
            "overrides": expert.date_overrides,
        }
    )


async def replace_availability(
    session: AsyncSession, expert: Expert, availability: Availability
) -> Availability:
    expert.timezone = availability.timezone
    weekly = sorted(availability.weekly, key=lambda r: (r.weekday, minutes(r.start)))
    expert.weekly_hours = [r.model_dump() for r in weekly]
    overrides = sorted(availability.overrides, key=lambda o: o.date)
    expert.date_overrides = [o.model_dump(mode="json") for o in overrides]
    await session.flush()
    return get_availability(expert)


def _interval(raw: dict[str, Any]) -> engine.Interval:
    return engine.Interval(start_minute=minutes(raw["start"]), end_minute=minutes(raw["end"]))


def rules_of(expert: Expert) -> list[engine.WeeklyRule]:
    return [
        engine.WeeklyRule(weekday=r["weekday"], interval=_interval(r)) for r in expert.weekly_hours
    ]


def overrides_of(expert: Expert) -> list[engine.DateOverride]:
    return [
        engine.DateOverride(
            day=date.fromisoformat(o["date"]), intervals=tuple(_interval(i) for i in o["intervals"])
        )
        for o in expert.date_overrides
    ]


def settings_of(event_type: EventType) -> engine.SlotSettings:
    return engine.SlotSettings(
        duration_minutes=event_type.duration_minutes,
        interval_minutes=event_type.slot_interval_minutes,
        buffer_before_minutes=event_type.buffer_before_minutes,
        buffer_after_minutes=event_type.buffer_after_minutes,
        min_notice_minutes=event_type.min_notice_minutes,
        max_days_ahead=event_type.max_days_ahead,
    )


def bookable_query(event_type_by: str, expert_by: str | None) -> Select[EventType, Expert, User]:
    query = (
        select(EventType, Expert, User)
        .join(Expert, Expert.id == EventType.expert_id)
        .join(User, User.id == Expert.user_id)
        .where(EventType.is_active.is_(True))
        .where(getattr(EventType, event_type_by) == bindparam("event_type"))
    )
    if expert_by is not None:
        query = query.where(getattr(Expert, expert_by) == bindparam("expert"))
    return query


# Every slots request and every booking runs these: build each shape once, not per call.
_BOOKABLE = {
    (event_type_by, expert_by): bookable_query(event_type_by, expert_by)
    for event_type_by in ("id", "slug")
    for expert_by in ("id", "username", None)
}
_BUSY = select(Booking.buffered_start, Booking.buffered_end).where(
    Booking.expert_id == bindparam("expert"),
    Booking.status == CONFIRMED,
    # The lower bound keeps the index scan to the window, not the expert's whole past.
    Booking.buffered_start > bindparam("floor"),
    Booking.buffered_start < bindparam("end"),
    Booking.buffered_end > bindparam("start"),
)


async def find_bookable(
    session: AsyncSession, *, expert_ref: str | None = None, event_type_ref: str
) -> tuple[EventType, Expert, User]:
    """An active event type with its expert, by id or slug, in one query; else 404."""
    params: dict[str, object] = {}
    try:
        params["event_type"], event_type_by = uuid.UUID(event_type_ref), "id"
    except ValueError:
        if expert_ref is None:
            raise NotFound("No such event type.") from None
        params["event_type"], event_type_by = event_type_ref, "slug"
    expert_by = None
    if expert_ref is not None:
        try:
            params["expert"], expert_by = uuid.UUID(expert_ref), "id"
        except ValueError:
            params["expert"], expert_by = expert_ref.strip().lower(), "username"
    row = (await session.execute(_BOOKABLE[event_type_by, expert_by], params)).one_or_none()
    if row is None:
        raise NotFound("This expert has no such active event type.")
    event_type, expert, user = row
    return event_type, expert, user


async def busy_ranges(
    session: AsyncSession,
    expert_id: uuid.UUID,
    start: datetime,
    end: datetime,
) -> list[tuple[datetime, datetime]]:
    """Buffered ranges of the expert's confirmed bookings touching [start, end): one query."""
    params = {
        "expert": expert_id,
        "floor": start - LONGEST_BUFFERED_BOOKING,
        "end": end,
        "start": start,
    }
    return [(row[0], row[1]) for row in await session.execute(_BUSY, params)]


def _day_bounds(first: date, last: date, viewer: Any) -> tuple[datetime, datetime]:
    # A margin of a day on each side covers every zone's offset and the buffers.
    start = datetime.combine(first, time(), viewer).astimezone(UTC) - timedelta(days=1)
    end = datetime.combine(last + timedelta(days=1), time(), viewer).astimezone(UTC)
    return start, end + timedelta(days=1)


async def public_slots(
    session: AsyncSession,
    *,
    expert_ref: str,
    event_type_ref: str,
    first_day: date,
    last_day: date,
    viewer_zone_name: str,
) -> list[engine.DaySlots]:
    viewer = zone(viewer_zone_name)
    event_type, expert, _ = await find_bookable(
        session, expert_ref=expert_ref, event_type_ref=event_type_ref
    )
    window_start, window_end = _day_bounds(first_day, last_day, viewer)
    busy = await busy_ranges(session, expert.id, window_start, window_end)
    return engine.compute_slots(
        rules=rules_of(expert),
        overrides=overrides_of(expert),
        expert_zone=zone(expert.timezone),
        settings=settings_of(event_type),
        busy=busy,
        now=utcnow(),
        first_day=first_day,
        last_day=last_day,
        viewer_zone=viewer,
    )
