"""Who hears what: the rooms sockets join and the events sent to them."""

from typing import Any, Literal

# (event, data, rooms)
Outgoing = tuple[str, Any, list[str]]
BookingEvent = Literal["newBooking", "bookingUpdated"]
SLOTS_CHANGED = "slotsChanged"


def user_room(user_id: object) -> str:
    """Every socket of a signed-in user: the bookings they made."""
    return f"user:{user_id}"


def expert_room(expert_id: object) -> str:
    """Every socket of an expert: the bookings made with them."""
    return f"expert:{expert_id}"


def watchers_room(expert_id: object) -> str:
    """Anyone looking at the expert's public page: free/busy changes only."""
    return f"watch:{expert_id}"
