"""The booking as an iCalendar (RFC 5545) file, built with the icalendar package."""

from icalendar import Calendar, Event, vCalAddress, vText

from expertbook.bookings.meeting_links import join_url, where
from expertbook.bookings.repository import BookingView
from expertbook.kit.time import utcnow
from expertbook.models import BookingStatus

PRODID = "-//ExpertBook//ExpertBook 1.0//EN"


def _address(email: str, name: str, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    address.params["ROLE"] = vText(role)
    return address


def booking_calendar(
    view: BookingView, *, for_role: str, public_url: str, manage_url: str | None = None
) -> bytes:
    booking, event_type, expert_user = view.booking, view.event_type, view.expert_user
    cancelled = booking.status == BookingStatus.CANCELLED
    other_party = booking.name if for_role == "expert" else expert_user.name
    link = join_url(booking, event_type)
    location = where(booking, event_type)
    default_manage_url = f"{public_url.rstrip('/')}/bookings/{booking.id}"

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    # The UID never changes, so calendars update the same event on reschedule or cancel.
    event.add("uid", f"{booking.id}@expertbook")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", booking.start_at)
    event.add("dtend", booking.end_at)
    event.add("summary", f"{event_type.title} with {other_party}")
    if location:
        event.add("location", location)
    if link:
        event.add("url", link)
    event.add(
        "description",
        "\n".join(
            [
                f"{event_type.title} booked on ExpertBook.",
                *([f"Join: {link}"] if link else []),
                f"Manage: {manage_url or default_manage_url}",
                *([f"Notes: {booking.notes}"] if booking.notes else []),
            ]
        ),
    )
    event.add("organizer", _address(expert_user.email, expert_user.name, "CHAIR"))
    event.add("attendee", _address(booking.email, booking.name, "REQ-PARTICIPANT"))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
