"""Bookings as iCalendar (RFC 5545), built with the icalendar package."""

from collections.abc import Iterable
from datetime import timedelta

from icalendar import Calendar, Event, vCalAddress, vText

from expertbook.bookings.meeting_links import join_url, where
from expertbook.bookings.repository import BookingView
from expertbook.kit.i18n import DEFAULT_LANGUAGE, Words, words
from expertbook.kit.time import utcnow
from expertbook.models import HOLDS_TIME, BookingStatus

PRODID = "-//ExpertBook//ExpertBook 1.0//EN"
REFRESH = timedelta(minutes=15)


def booking_uid(booking_id: object) -> str:
    """The booking's UID in every calendar: its .ics, feeds, and the expert's own calendar."""
    return f"{booking_id}@expertbook"


def _address(email: str, name: str, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    address.params["ROLE"] = vText(role)
    return address


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _answers(view: BookingView) -> list[tuple[str, str | bool]]:
    labels = {question["id"]: question["label"] for question in view.event_type.questions or []}
    answers = view.booking.answers or {}
    return [(labels.get(key, key), value) for key, value in answers.items()]


def _answer(value: str | bool, w: Words) -> str:
    if isinstance(value, bool):
        return w._("yes") if value else w._("no")
    return value


def booking_event(
    view: BookingView,
    *,
    for_role: str,
    public_url: str,
    manage_url: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> Event:
    """The booking as one VEVENT, seen by the party in `for_role`, in their `language`."""
    w = words(language)
    booking, event_type, expert_user = view.booking, view.event_type, view.expert_user
    cancelled = booking.status not in HOLDS_TIME
    other_party = booking.name if for_role == "expert" else expert_user.name
    link = join_url(booking, event_type)
    location = where(booking, event_type)
    manage_url = manage_url or f"{public_url.rstrip('/')}/bookings/{booking.id}"

    event = Event()
    # The UID never changes, so calendars update the same event on reschedule or cancel.
    event.add("uid", booking_uid(booking.id))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", booking.start_at)
    event.add("dtend", booking.end_at)
    event.add("summary", w._("{title} with {other}", title=event_type.title, other=other_party))
    if location:
        event.add("location", location)
    if link:
        event.add("url", link)
    event.add(
        "description",
        "\n".join(
            [
                w._("{title} booked on ExpertBook.", title=event_type.title),
                *([w._("Join: {link}", link=link)] if link else []),
                w._("Manage: {link}", link=manage_url),
                *([w._("Notes: {notes}", notes=booking.notes)] if booking.notes else []),
                *(f"{label}: {_answer(value, w)}" for label, value in _answers(view)),
            ]
        ),
    )
    event.add("organizer", _address(expert_user.email, expert_user.name, "CHAIR"))
    event.add("attendee", _address(booking.email, booking.name, "REQ-PARTICIPANT"))
    for guest in booking.guests or []:
        event.add("attendee", _address(guest, guest, "OPT-PARTICIPANT"))
    status = "CANCELLED" if cancelled else "CONFIRMED"
    if booking.status == BookingStatus.PENDING:
        status = "TENTATIVE"  # awaiting the expert's confirmation
    event.add("status", status)
    return event


def booking_calendar(
    view: BookingView,
    *,
    for_role: str,
    public_url: str,
    manage_url: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    """One booking as an invitation: METHOD:REQUEST, or METHOD:CANCEL once cancelled."""
    cancelled = view.booking.status not in HOLDS_TIME
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    calendar.add_component(
        booking_event(
            view,
            for_role=for_role,
            public_url=public_url,
            manage_url=manage_url,
            language=language,
        )
    )
    ical: bytes = calendar.to_ical()
    return ical


def feed_calendar(events: Iterable[Event], *, name: str) -> bytes:
    """A subscribable calendar of many bookings (METHOD:PUBLISH)."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    # Calendar apps poll a subscription; ask for every 15 minutes.
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for event in events:
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
