"""The directory's next free slot, computed as the public page would offer it."""

import uuid
from datetime import UTC, datetime, timedelta

from expertbook.directory.next_free import next_free
from expertbook.models import EventType, Expert

ALL_DAY = [{"weekday": day, "start": "09:00", "end": "17:00"} for day in range(7)]


def _expert() -> Expert:
    return Expert(
        id=uuid.uuid4(),
        timezone="UTC",
        weekly_hours=ALL_DAY,
        date_overrides=[],
        max_bookings_per_day=None,
    )


def _event_type(expert: Expert) -> EventType:
    return EventType(
        id=uuid.uuid4(),
        expert_id=expert.id,
        duration_minutes=30,
        slot_interval_minutes=30,
        buffer_before_minutes=0,
        buffer_after_minutes=0,
        min_notice_minutes=0,
        max_days_ahead=60,
        limit_per_day=None,
        limit_per_week=None,
        duration_options=[],
        seats=None,
    )


def test_a_time_busy_in_the_experts_own_calendar_is_not_their_next_free_slot() -> None:
    expert = _expert()
    event_type = _event_type(expert)
    now = datetime(2030, 6, 3, 8, 0, tzinfo=UTC)  # a Monday, before their hours
    free = next_free(expert, [event_type], [], now)
    assert free.at == datetime(2030, 6, 3, 9, 0, tzinfo=UTC)
    # A dentist appointment 09:00–10:15 in their calendar: the first free start is 10:30.
    dentist = (datetime(2030, 6, 3, 9, 0, tzinfo=UTC), datetime(2030, 6, 3, 10, 15, tzinfo=UTC))
    busy = next_free(expert, [event_type], [], now, [dentist])
    assert busy.at == datetime(2030, 6, 3, 10, 30, tzinfo=UTC)
    assert busy.at - free.at == timedelta(minutes=90)
