"""What an API key may do. A route names the one scope it needs; a key is refused on every
route that names none (its account, its password, other keys, webhooks)."""

from typing import Any, Literal

Scope = Literal[
    "bookings:read",
    "bookings:write",
    "event-types:read",
    "event-types:write",
    "availability:write",
    "calendars:read",
    "calendars:write",
]
SCOPES: tuple[Scope, ...] = (
    "bookings:read",
    "bookings:write",
    "event-types:read",
    "event-types:write",
    "availability:write",
    "calendars:read",
    "calendars:write",
)
EXTENSION = "x-api-key-scope"


def needs(scope: Scope) -> dict[str, Any]:
    """`openapi_extra=` for a route an API key with `scope` may call; also documents it."""
    return {EXTENSION: scope}


def needed_by(route: object) -> str | None:
    """The scope a matched route asks of API keys; None when keys may not call it."""
    extra = getattr(route, "openapi_extra", None) or {}
    scope = extra.get(EXTENSION)
    return str(scope) if scope else None
