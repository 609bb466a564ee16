"""Delivers queued emails; skips a reminder whose booking changed after it was planned."""

from sqlalchemy import select

from expertbook.db import Database
from expertbook.mail.transport import Mailer, parse_message
from expertbook.models import Booking, BookingStatus, OutboxMessage, OutboxStatus
from expertbook.outbox import store
from expertbook.outbox.worker import SENT, Outcome


class EmailDelivery:
    def __init__(self, mailer: Mailer, database: Database) -> None:
        self.mailer = mailer
        self.database = database

    async def __call__(self, message: OutboxMessage) -> Outcome:
        if message.topic == store.REMINDER and await self._booking_changed(message):
            return Outcome(OutboxStatus.SKIPPED, "The booking changed after this was planned.")
        name = f"{message.created_at:%Y%m%d-%H%M%S}-{message.topic}-{message.id}"
        await self.mailer.send(parse_message(message.payload), name=name)
        return SENT

    async def _booking_changed(self, message: OutboxMessage) -> bool:
        async with self.database.read_sessions() as session:
            row = (
                await session.execute(
                    select(Booking.status, Booking.sequence).where(Booking.id == message.booking_id)
                )
            ).one_or_none()
        return (
            row is None
            or row.status != BookingStatus.CONFIRMED
            or row.sequence != message.booking_sequence
        )
