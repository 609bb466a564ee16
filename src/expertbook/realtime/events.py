"""Domain events, emitted only once their change has committed."""

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.availability import slots_cache
from expertbook.bookings.transitions import Change
from expertbook.db import after_commit
from expertbook.event_types.repository import active_event_type_ids
from expertbook.notifications.notifier import Notifier
from expertbook.observability.metrics import Metrics
from expertbook.realtime.rooms import (
    SLOTS_CHANGED,
    BookingEvent,
    Outgoing,
    expert_room,
    user_room,
    watchers_room,
)
from expertbook.realtime.server import Realtime

# The session's events waiting for its commit.
_QUEUED = "realtime_events"


class Events:
    """What the services announce: live, once the change has committed (realtime), and
    to people outside the app, queued in the change's own transaction (notifier)."""

    def __init__(self, realtime: Realtime, notifier: Notifier, metrics: Metrics) -> None:
        self.realtime = realtime
        self.notifier = notifier
        self.metrics = metrics

    def after_commit(self, session: AsyncSession, events: list[Outgoing]) -> None:
        """Send `events` once the session's transaction has committed, after those the
        transaction queued before them: one send, so their order holds."""
        queued: list[Outgoing] | None = session.info.get(_QUEUED)
        if queued is None:
            queued = session.info[_QUEUED] = []
            after_commit(session, lambda: self.realtime.send(session.info.pop(_QUEUED)))
        queued.extend(events)

    def count_after_commit(self, session: AsyncSession, change: Change) -> None:
        """Count a booking created or cancelled once the session's transaction has committed."""

        async def count() -> None:
            self.metrics.booking_changed(change)

        after_commit(session, count)

    async def slots_changed(
        self,
        session: AsyncSession,
        *,
        expert_id: uuid.UUID,
        event_type_ids: Iterable[object] | None = None,
        dates: Iterable[date] = (),
    ) -> None:
        """The one hook for every change to what the expert can be booked for: it makes
        their cached slots stale in this transaction (slots_cache.bump) and tells the
        public page's watchers once it commits. No `dates`: any date may have changed;
        no `event_type_ids`: all the expert's active ones."""
        await slots_cache.bump(session, expert_id)
        if event_type_ids is None:
            event_type_ids = await active_event_type_ids(session, expert_id)
        change = {
            "expertId": str(expert_id),
            "eventTypeIds": sorted(str(event_type_id) for event_type_id in event_type_ids),
            "dates": sorted({day.isoformat() for day in dates}),
        }
        self.after_commit(session, [(SLOTS_CHANGED, change, [watchers_room(expert_id)])])

    @staticmethod
    def booking_changed(
        *,
        event: BookingEvent,
        booking: dict[str, Any],
        expert_id: object,
        client_user_id: object | None,
    ) -> list[Outgoing]:
        """`newBooking` or `bookingUpdated` to both parties."""
        parties = [expert_room(expert_id)]
        if client_user_id is not None:
            parties.append(user_room(client_user_id))
        return [(event, booking, parties)]


async def get_events(request: Request) -> Events:
    events: Events = request.app.state.events
    return events


EventsDep = Annotated[Events, Depends(get_events)]
