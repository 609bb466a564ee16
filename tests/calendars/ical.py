"""iCalendar objects for tests, built with the icalendar package (time zones included)."""

from datetime import date, datetime
from typing import Any

from icalendar import Calendar, Event


def event(uid: str, start: date | datetime, end: date | datetime, **props: Any) -> Event:
    """A VEVENT; props are more properties, e.g. rrule={"freq": "daily"}, transp=…"""
    item = Event()
    item.add("uid", uid)
    item.add("dtstamp", datetime(2026, 1, 1))
    item.add("summary", f"Busy {uid}")
    item.add("dtstart", start)
    item.add("dtend", end)
    for name, value in props.items():
        item.add(name.replace("_", "-"), value)
    return item


def calendar(*events: Event) -> str:
    """One calendar object holding `events` (a recurring one with its exceptions)."""
    cal = Calendar()
    cal.add("prodid", "-//ExpertBook tests//EN")
    cal.add("version", "2.0")
    for item in events:
        cal.add_component(item)
    cal.add_missing_timezones()
    text: str = cal.to_ical().decode()
    return text
