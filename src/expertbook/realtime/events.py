"""Domain events, emitted only once their change has committed."""

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.db import after_commit
from expertbook.notifications.notifier import Notifier
from expertbook.observability.metrics import BookingChange, Metrics
from expertbook.realtime.rooms import (
    SLOTS_CHANGED,
    BookingEvent,
    Outgoing,
    expert_room,
    user_room,
    watchers_room,
)
from expertbook.realtime.server import Realtime


class Events:
    """What the services announce: live, once the change has committed (realtime), and
    to people outside the app, queued in the change's own transaction (notifier)."""

    def __init__(self, realtime: Realtime, notifier: Notifier, metrics: Metrics) -> None:
        self.realtime = realtime
        self.notifier = notifier
        self.metrics = metrics

    def after_commit(self, session: AsyncSession, events: list[Outgoing]) -> None:
        """Send `events` once the session's transaction has committed."""
        after_commit(session, lambda: self.realtime.send(events))

    def count_after_commit(self, session: AsyncSession, change: BookingChange) -> None:
        """Count a booking created or cancelled once the session's transaction has committed."""

        async def count() -> None:
            self.metrics.booking_changed(change)

        after_commit(session, count)

    @staticmethod
    def booking_changed(
        *,
        event: BookingEvent,
        booking: dict[str, Any],
        expert_id: object,
        client_user_id: object | None,
        event_type_ids: Iterable[object],
        dates: Iterable[date],
    ) -> list[Outgoing]:
        """`newBooking` or `bookingUpdated` to both parties, `slotsChanged` to watchers."""
        parties = [expert_room(expert_id)]
        if client_user_id is not None:
            parties.append(user_room(client_user_id))
        slots_changed = {
            "expertId": str(expert_id),
            "eventTypeIds": sorted(str(event_type_id) for event_type_id in event_type_ids),
            "dates": sorted({day.isoformat() for day in dates}),
        }
        return [
            (event, booking, parties),
            (SLOTS_CHANGED, slots_changed, [watchers_room(expert_id)]),
        ]


async def get_events(request: Request) -> Events:
    events: Events = request.app.state.events
    return events


EventsDep = Annotated[Events, Depends(get_events)]
