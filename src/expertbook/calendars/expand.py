"""iCalendar data to busy ranges, as calendar apps read it. Pure: no I/O.

Recurring events are expanded by `recurring-ical-events` (RRULE, RDATE, EXDATE and
moved or cancelled occurrences); an event counts as busy unless it is cancelled or
marked free (TRANSP:TRANSPARENT). All-day events and floating times are read in the
expert's own time zone, as their calendar app shows them. The expert's own bookings,
written into the calendar by write_back.py, are left out (`skip_uids`): they hold their
time already, and a booking must not be kept from moving by its own copy.
"""

import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event

logger = logging.getLogger("expertbook.calendars")
Range = tuple[datetime, datetime]


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), zone)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def _is_busy(event: Event) -> bool:
    status = str(event.get("STATUS", "CONFIRMED")).upper()
    transparency = str(event.get("TRANSP", "OPAQUE")).upper()
    return status != "CANCELLED" and transparency != "TRANSPARENT"


def _calendars(text: str) -> list[Calendar]:
    try:
        return list(Calendar.from_ical(text, multiple=True))
    except ValueError as error:
        logger.info("skipped unreadable calendar data: %s", error)
        return []


def busy_ranges(
    texts: Iterable[str],
    *,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    skip_uids: frozenset[str] = frozenset(),
) -> list[Range]:
    """The busy time of the events in `texts` within [start, end), merged and sorted."""
    ranges: list[Range] = []
    for text in texts:
        for calendar in _calendars(text):
            try:
                occurrences = recurring_ical_events.of(calendar).between(start, end)
            except Exception as error:  # one bad object must not hide the others
                logger.info("skipped an unexpandable calendar object: %s", error)
                continue
            for event in occurrences:
                if not isinstance(event, Event) or not _is_busy(event):
                    continue
                if str(event.get("UID", "")) in skip_uids:
                    continue
                try:
                    first, last = _instant(event.start, zone), _instant(event.end, zone)
                except Exception:  # no DTSTART: no time to be busy at
                    continue
                first, last = max(first, start), min(last, end)
                if first < last:
                    ranges.append((first, last))
    return merge(ranges)


def merge(ranges: Iterable[Range]) -> list[Range]:
    """Sorted ranges with those that overlap or touch joined."""
    merged: list[Range] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged
