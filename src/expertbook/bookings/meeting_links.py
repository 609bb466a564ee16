"""Meeting links behind a small provider interface, so real providers can replace these."""

import secrets
import string
from typing import Protocol

_LETTERS = string.ascii_lowercase


class MeetingLinkProvider(Protocol):
    def new_link(self) -> str: ...


class GoogleMeetLinks:
    """Links shaped like Google Meet's: https://meet.google.com/abc-defg-hij."""

    def new_link(self) -> str:
        parts = ("".join(secrets.choice(_LETTERS) for _ in range(n)) for n in (3, 4, 3))
        return "https://meet.google.com/" + "-".join(parts)


class ZoomLinks:
    """Links shaped like Zoom's: https://zoom.us/j/ and a 10- or 11-digit meeting id."""

    def new_link(self) -> str:
        digits = 10 + secrets.randbelow(2)
        first = str(1 + secrets.randbelow(9))
        rest = "".join(str(secrets.randbelow(10)) for _ in range(digits - 1))
        return f"https://zoom.us/j/{first}{rest}"


def join_url(kind: str, *, meet_url: str, zoom_url: str, details: str | None) -> str | None:
    """The link a participant follows to join: decided by the event type's location kind."""
    if kind == "google_meet":
        return meet_url
    if kind == "zoom":
        return zoom_url
    if kind == "custom" and details and details.startswith(("https://", "http://")):
        return details
    return None
