"""Which status a booking may move to, and who may move it: one table.

    pending   -> confirmed   the expert accepts the request
    pending   -> declined    the expert refuses it, or nobody answered before the start
    pending   -> cancelled   either party withdraws it
    confirmed -> cancelled   either party
    cancelled -> confirmed   either party restores it while the time is still free
                             (only the expert, when the event type needs confirmation)

Asking for the status a booking already has changes nothing (a repeated request is
safe); every other pair is 409 invalid_transition.
"""

from typing import Literal

from expertbook.errors import Conflict, Forbidden
from expertbook.kit.i18n import Message
from expertbook.models import BookingStatus

Actor = Literal["client", "expert", "system"]
# What happened to a booking: its emails and the bookings metric are told by this name.
Change = Literal["created", "confirmed", "declined", "cancelled", "restored", "rescheduled"]
PENDING, CONFIRMED = BookingStatus.PENDING, BookingStatus.CONFIRMED
DECLINED, CANCELLED = BookingStatus.DECLINED, BookingStatus.CANCELLED

ALLOWED: dict[tuple[BookingStatus, BookingStatus], frozenset[Actor]] = {
    (PENDING, CONFIRMED): frozenset({"expert"}),
    (PENDING, DECLINED): frozenset({"expert", "system"}),
    (PENDING, CANCELLED): frozenset({"client", "expert"}),
    (CONFIRMED, CANCELLED): frozenset({"client", "expert"}),
    (CANCELLED, CONFIRMED): frozenset({"client", "expert"}),
}

# A booking's status as the words of a sentence, translated with it.
STATES = {
    PENDING: Message("awaiting confirmation"),
    CONFIRMED: Message("confirmed"),
    DECLINED: Message("declined"),
    CANCELLED: Message("cancelled"),
    BookingStatus.HELD: Message("held for the waitlist"),
}


class InvalidTransition(Conflict):
    code = "invalid_transition"


def check(
    current: BookingStatus, wanted: BookingStatus, actor: Actor, *, needs_confirmation: bool
) -> None:
    """Raise unless `actor` may move a booking from `current` to `wanted`."""
    allowed = ALLOWED.get((current, wanted))
    if allowed is None:
        raise InvalidTransition(
            "A booking that is {current} cannot become {wanted}.",
            current=STATES[current],
            wanted=STATES[wanted],
        )
    if actor not in allowed or (
        (current, wanted) == (CANCELLED, CONFIRMED) and needs_confirmation and actor != "expert"
    ):
        raise Forbidden(
            "Only the expert can confirm, decline or restore this booking.", code="expert_only"
        )
