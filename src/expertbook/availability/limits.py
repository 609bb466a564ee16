"""Booking limits: most bookings of a type a day and a week, and of all types a day.

Days and weeks (Monday to Sunday) are the expert's, in their zone. Pending and confirmed
bookings count. Pure: the caller brings the bookings; the slots leave out full days, and a
booking past a limit is refused under the expert's lock (bookings/service.py).
"""

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from expertbook.models import EventType, Expert


@dataclass(frozen=True)
class Caps:
    event_type_id: uuid.UUID
    per_day: int | None
    per_week: int | None
    all_types_per_day: int | None


def caps_of(event_type: EventType, expert: Expert) -> Caps | None:
    """The limits that apply to booking `event_type`; None when there are none."""
    caps = Caps(
        event_type.id,
        event_type.limit_per_day,
        event_type.limit_per_week,
        expert.max_bookings_per_day,
    )
    if caps.per_day is None and caps.per_week is None and caps.all_types_per_day is None:
        return None
    return caps


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def counting_window(
    start: datetime, end: datetime, expert_zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """The UTC range whose bookings decide the limits of every slot in [start, end): from
    the Monday of the first slot's week to the Sunday after the last one's, in the expert's
    zone (with a day's margin for the zone's offset)."""
    first = week_of(start.astimezone(expert_zone).date())
    last = week_of(end.astimezone(expert_zone).date()) + timedelta(days=7)
    return (
        datetime.combine(first, time(), expert_zone).astimezone(UTC),
        datetime.combine(last, time(), expert_zone).astimezone(UTC),
    )


class Tally:
    """How many bookings each expert-local day and week already has."""

    def __init__(
        self, caps: Caps, bookings: list[tuple[uuid.UUID, datetime]], expert_zone: ZoneInfo
    ) -> None:
        self.caps = caps
        self.zone = expert_zone
        self.of_type_by_day: Counter[date] = Counter()
        self.of_type_by_week: Counter[date] = Counter()
        self.all_by_day: Counter[date] = Counter()
        for event_type_id, start in bookings:
            day = start.astimezone(expert_zone).date()
            self.all_by_day[day] += 1
            if event_type_id == caps.event_type_id:
                self.of_type_by_day[day] += 1
                self.of_type_by_week[week_of(day)] += 1

    def allows(self, start: datetime) -> bool:
        """Whether one more booking starting at `start` stays within every limit."""
        day = start.astimezone(self.zone).date()
        caps = self.caps
        return not (
            (caps.per_day is not None and self.of_type_by_day[day] >= caps.per_day)
            or (caps.per_week is not None and self.of_type_by_week[week_of(day)] >= caps.per_week)
            or (
                caps.all_types_per_day is not None
                and self.all_by_day[day] >= caps.all_types_per_day
            )
        )
