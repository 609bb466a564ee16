"""Meeting links, and the one rule that says which of them a participant follows.

Google Meet and Zoom links are placeholders shaped like the real ones (no account with
either is involved). Jitsi Meet rooms are real: anyone with the link can join, no
account needed; that is why new event types meet there by default.
"""

import secrets
import string

from expertbook.models import Booking, EventType

_LETTERS = string.ascii_lowercase
_ROOM_CHARACTERS = string.ascii_letters + string.digits


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def google_meet_link() -> str:
    """Shaped like Google Meet's: https://meet.google.com/abc-defg-hij."""
    return "https://meet.google.com/" + "-".join(_random(_LETTERS, n) for n in (3, 4, 3))


def zoom_link() -> str:
    """Shaped like Zoom's: https://zoom.us/j/ and a 10- or 11-digit meeting id."""
    digits = 10 + secrets.randbelow(2)
    return f"https://zoom.us/j/{1 + secrets.randbelow(9)}{_random(string.digits, digits - 1)}"


def jitsi_link() -> str:
    """A Jitsi Meet room whose name nobody can guess (about 119 bits)."""
    return f"https://meet.jit.si/ExpertBook-{_random(_ROOM_CHARACTERS, 20)}"


def join_url(booking: Booking, event_type: EventType) -> str | None:
    """The link a participant follows to join: the one the event type's location names."""
    kind, details = event_type.location_kind, event_type.location_details
    if kind == "jitsi":
        return booking.jitsi_url
    if kind == "google_meet":
        return booking.meet_url
    if kind == "zoom":
        return booking.zoom_url
    if kind == "custom" and details and details.startswith(("https://", "http://")):
        return details
    return None


def where(booking: Booking, event_type: EventType) -> str | None:
    """Where the session happens, for a calendar: the join link, else the place or number."""
    return join_url(booking, event_type) or event_type.location_details
