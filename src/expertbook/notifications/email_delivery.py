"""Delivers queued emails; writes each reminder when due, and skips it if its booking moved
on since it was planned."""

import json

from expertbook.bookings import repository
from expertbook.db import Database
from expertbook.mail.compose import assemble
from expertbook.mail.transport import Mailer
from expertbook.models import BookingStatus, OutboxMessage, OutboxStatus
from expertbook.notifications.notifier import Notifier
from expertbook.outbox import store
from expertbook.outbox.worker import SENT, Outcome

STALE = Outcome(OutboxStatus.SKIPPED, "The booking changed after this reminder was planned.")


class EmailDelivery:
    def __init__(self, mailer: Mailer, database: Database, notifier: Notifier) -> None:
        self.mailer = mailer
        self.database = database
        self.notifier = notifier

    async def __call__(self, message: OutboxMessage) -> Outcome:
        if message.topic == store.REMINDER:
            if message.booking_id is None:
                return STALE
            async with self.database.read_sessions() as session:
                view = await repository.get_view(session, message.booking_id)
            if (
                view is None
                or view.booking.status != BookingStatus.CONFIRMED
                or view.booking.sequence != message.booking_sequence
            ):
                return STALE
            email = self.notifier.reminder_message(view, message.payload, message.id)
        else:
            email = assemble(json.loads(message.payload))
        name = f"{message.created_at:%Y%m%d-%H%M%S}-{message.topic}-{message.id}"
        await self.mailer.send(email, name=name)
        return SENT
