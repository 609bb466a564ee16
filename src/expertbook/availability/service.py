"""Availability storage and the public slots, computed by the pure engine in slots.py."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.availability import slots as engine
from expertbook.availability.schemas import Availability, minutes
from expertbook.bookings.overlap import busy_ranges
from expertbook.errors import SlotUnavailable
from expertbook.event_types.repository import find_bookable
from expertbook.kit.time import utcnow, zone
from expertbook.models import EventType, Expert

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
    bookable = await find_bookable(session, event_type_ref, expert_ref=expert_ref)
    event_type, expert = bookable.event_type, bookable.expert
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


def offered_slot(event_type: EventType, expert: Expert, start: datetime) -> engine.Slot:
    """The slot at `start` if the expert's hours and the event's rules offer it; else 422.

    Bookings are left out: whether the time is free is checked when it is claimed
    (bookings/overlap.py), under the expert's lock, where the answer stays true.
    """
    slot = engine.is_offered(
        rules=rules_of(expert),
        overrides=overrides_of(expert),
        expert_zone=zone(expert.timezone),
        settings=settings_of(event_type),
        busy=[],
        now=utcnow(),
        start=start,
    )
    if slot is None:
        raise SlotUnavailable()
    return slot
