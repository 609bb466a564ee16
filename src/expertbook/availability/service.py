"""Availability storage and the public slots, computed by the pure engine in slots.py."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.availability import slots as engine
from expertbook.availability.limits import Tally, caps_of, counting_window
from expertbook.availability.schemas import Availability, minutes
from expertbook.bookings import seats
from expertbook.bookings.overlap import busy_ranges, holding_starts
from expertbook.errors import LimitReached, SlotUnavailable, Unprocessable
from expertbook.event_types.repository import find_bookable
from expertbook.event_types.schemas import durations_of
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


def settings_of(event_type: EventType, duration: int | None = None) -> engine.SlotSettings:
    """The engine's settings for the event type, booked for `duration` minutes (by default
    its durationMinutes)."""
    return engine.SlotSettings(
        duration_minutes=duration or event_type.duration_minutes,
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


def chosen_duration(event_type: EventType, duration: int | None, *, field: str) -> int:
    """The length asked for if the event type offers it (its default when None); else 422."""
    if duration is None:
        return event_type.duration_minutes
    offered = durations_of(event_type)
    if duration not in offered:
        choices = ", ".join(str(minutes) for minutes in offered)
        message = f"This session is not offered for {duration} minutes. Choose {choices}."
        raise Unprocessable(
            message, code="duration_not_offered", details=[{"field": field, "message": message}]
        )
    return duration


async def _tally(
    session: AsyncSession,
    event_type: EventType,
    expert: Expert,
    start: datetime,
    end: datetime,
    ignore: uuid.UUID | None = None,
) -> Tally | None:
    """What the limits count around [start, end); None when the event type has none."""
    caps = caps_of(event_type, expert)
    if caps is None:
        return None
    expert_zone = zone(expert.timezone)
    window = counting_window(start, end, expert_zone)
    starts = await holding_starts(session, expert.id, *window, ignore=ignore)
    return Tally(caps, starts, expert_zone)


def has_limits(event_type: EventType, expert: Expert) -> bool:
    return caps_of(event_type, expert) is not None


async def check_limits(
    session: AsyncSession,
    event_type: EventType,
    expert: Expert,
    start: datetime,
    ignore: uuid.UUID | None = None,
) -> None:
    """409 limit_reached if one more booking at `start` would pass a limit. Called with the
    expert's lock held, so bookings made at the same moment cannot overshoot together."""
    tally = await _tally(session, event_type, expert, start, start, ignore)
    if tally is not None and not tally.allows(start):
        raise LimitReached()


async def public_slots(
    session: AsyncSession,
    *,
    event_type_id: uuid.UUID,
    first_day: date,
    last_day: date,
    viewer: ZoneInfo,
    now: datetime,
    duration: int | None = None,
    with_taken: bool = False,
) -> engine.SlotAnswer:
    """Free slots of an active event type for the viewer's days, and until when the clock
    leaves them true; 404 if it is no longer active, 422 for a length it does not offer.
    `with_taken`: also the times the hours offer that are taken, to queue for."""
    bookable = await find_bookable(session, event_type_id)
    event_type, expert = bookable.event_type, bookable.expert
    minutes = chosen_duration(event_type, duration, field="duration")
    window_start, window_end = _day_bounds(first_day, last_day, viewer)
    busy = await busy_ranges(session, expert.id, window_start, window_end)
    settings = settings_of(event_type, minutes)
    open_sessions: dict[datetime, seats.Session] = {}
    if event_type.seats is not None:
        sessions = await seats.sessions_between(session, event_type.id, window_start, window_end)
        open_sessions = _open_sessions(event_type, sessions)
        # An open session's range is no obstacle to its own seats: it is offered below.
        shared = {(s.buffered_start, s.buffered_end) for s in open_sessions.values()}
        busy = [span for span in busy if span not in shared]

    def slots_around(busy: list[tuple[datetime, datetime]]) -> engine.SlotAnswer:
        return engine.answer_slots(
            rules=rules_of(expert),
            overrides=overrides_of(expert),
            expert_zone=zone(expert.timezone),
            settings=settings,
            busy=busy,
            now=now,
            first_day=first_day,
            last_day=last_day,
            viewer_zone=viewer,
        )

    answer = slots_around(busy)
    if event_type.seats is not None:
        answer = _seats_left(answer, event_type.seats, open_sessions, settings)
    tally = await _tally(session, event_type, expert, window_start, window_end)
    if tally is not None:
        # A day or week that is full offers nothing more, but seats of its sessions.
        days = [
            engine.DaySlots(
                day.day,
                tuple(
                    slot
                    for slot in day.slots
                    if slot.start in open_sessions or tally.allows(slot.start)
                ),
            )
            for day in answer.days
        ]
        answer = engine.SlotAnswer(days, answer.valid_until)
    return _with_taken(answer, slots_around([])) if with_taken else answer


def _with_taken(answer: engine.SlotAnswer, unbooked: engine.SlotAnswer) -> engine.SlotAnswer:
    """The answer with, per day, the times an expert with no bookings would offer but
    that are not free now."""
    free = {slot.start for day in answer.days for slot in day.slots}
    taken = [
        engine.DaySlots(day.day, tuple(s for s in day.slots if s.start not in free))
        for day in unbooked.days
    ]
    clocks = [t for t in (answer.valid_until, unbooked.valid_until) if t is not None]
    return engine.SlotAnswer(answer.days, min(clocks, default=None), taken)


def _open_sessions(
    event_type: EventType, sessions: list[seats.Session]
) -> dict[datetime, seats.Session]:
    """The sessions with a free seat that a new client would join, by start. A session
    booked under earlier settings (another length or buffers) takes no new seats."""
    capacity = event_type.seats or 0
    return {
        s.start: s
        for s in sessions
        if s.taken < capacity
        and s.key == seats.session_key(event_type.id, s.buffered_start, s.buffered_end)
        and _current_range(event_type, s.start) == (s.buffered_start, s.buffered_end)
    }


def _current_range(event_type: EventType, start: datetime) -> tuple[datetime, datetime]:
    settings = settings_of(event_type)
    end = start + timedelta(minutes=settings.duration_minutes)
    return engine.buffered_range(start, end, settings)


def _seats_left(
    answer: engine.SlotAnswer,
    capacity: int,
    open_sessions: dict[datetime, seats.Session],
    settings: engine.SlotSettings,
) -> engine.SlotAnswer:
    """Each slot with its seats left; a start that would overlap an open session but is
    not its own is no slot (a session holds the expert's time once)."""
    spans = [(s.buffered_start, s.buffered_end) for s in open_sessions.values()]

    def seated(slot: engine.Slot) -> engine.Slot | None:
        if (joined := open_sessions.get(slot.start)) is not None:
            return engine.Slot(slot.start, slot.end, seats_left=capacity - joined.taken)
        start, end = engine.buffered_range(slot.start, slot.end, settings)
        if any(start < other_end and other_start < end for other_start, other_end in spans):
            return None
        return engine.Slot(slot.start, slot.end, seats_left=capacity)

    days = [
        engine.DaySlots(day.day, tuple(s for s in map(seated, day.slots) if s is not None))
        for day in answer.days
    ]
    return engine.SlotAnswer(days, answer.valid_until)


def offered_slot(
    event_type: EventType, expert: Expert, start: datetime, duration: int | None = None
) -> engine.Slot:
    """The slot at `start` if the expert's hours and the event's rules offer it; else 422.

    Bookings are left out: whether the time is free is checked when it is claimed
    (bookings/overlap.py), under the expert's lock, where the answer stays true.
    """
    slot = engine.is_offered(
        rules=rules_of(expert),
        overrides=overrides_of(expert),
        expert_zone=zone(expert.timezone),
        settings=settings_of(event_type, duration),
        busy=[],
        now=utcnow(),
        start=start,
    )
    if slot is None:
        raise SlotUnavailable()
    return slot
