"""The background worker: claims due messages, delivers them, records the outcome."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.config import Settings
from expertbook.db import Database
from expertbook.kit.periodic import Periodic
from expertbook.kit.time import utcnow
from expertbook.models import OutboxMessage, OutboxStatus
from expertbook.outbox import store

logger = logging.getLogger("expertbook.outbox")
BATCH = 20
_NO_FLUSH_WAIT = text("SET LOCAL synchronous_commit = off")


@dataclass(frozen=True)
class Outcome:
    status: OutboxStatus  # SENT, SKIPPED, or PENDING to try again later
    error: str | None = None


SENT = Outcome(OutboxStatus.SENT)
Deliver = Callable[[OutboxMessage], Awaitable[Outcome]]


class OutboxWorker:
    """Delivers what the outbox holds, one batch at a time, woken by commits or a timer.

    Every instance runs one; claims never overlap (store.claim_due), so a message goes
    out once however many instances run. A worker that dies mid-delivery leaves its
    claim to expire, and the message is delivered by the next worker that looks.
    """

    def __init__(
        self, database: Database, settings: Settings, deliverers: Mapping[str, Deliver]
    ) -> None:
        self.database = database
        self.settings = settings
        self.deliverers = deliverers
        self.lease = timedelta(seconds=settings.outbox_lease_seconds)
        self._runner = Periodic("outbox-worker", settings.outbox_poll_seconds, self.drain)

    def wake(self) -> None:
        """Look for due messages now rather than at the next tick."""
        self._runner.wake()

    async def run_once(self, now: datetime | None = None) -> int:
        """Claim and deliver one batch of due messages; how many were claimed."""
        now = now or utcnow()
        async with self.bookkeeping() as session:
            claimed = await store.claim_due(session, now=now, lease=self.lease, limit=BATCH)
        await asyncio.gather(*(self._deliver_and_record(message, now) for message in claimed))
        return len(claimed)

    async def _deliver_and_record(self, message: OutboxMessage, now: datetime) -> None:
        outcome = await self._deliver(message)
        # Recorded at once, message by message: a worker that dies later in the batch
        # has not lost the record that this one went out, so it is never sent again.
        async with self.bookkeeping() as session:
            if outcome.status == OutboxStatus.PENDING:
                await store.retry_later(
                    session,
                    message,
                    now=now,
                    error=outcome.error or "delivery failed",
                    max_attempts=self.settings.outbox_max_attempts,
                )
            else:
                await store.finish(
                    session, message.id, status=outcome.status, now=now, error=outcome.error
                )

    @contextlib.asynccontextmanager
    async def bookkeeping(self) -> AsyncIterator[AsyncSession]:
        """A transaction for the worker's own records. On PostgreSQL its commit does not
        wait for the disk: an app that dies loses nothing (the server has it), and only a
        crash of the database server itself could forget the last records, so that a few
        messages would go out again. Without it, each booking's messages cost three more
        disk flushes, and the worker halved the booking rate of the app it runs in."""
        async with self.database.write_sessions() as session, session.begin():
            if session.get_bind().dialect.name == "postgresql":
                await session.execute(_NO_FLUSH_WAIT)
            yield session

    async def _deliver(self, message: OutboxMessage) -> Outcome:
        try:
            return await self.deliverers[message.kind](message)
        except Exception as error:  # one message's failure never stops the others
            logger.warning(
                "outbox message %s (%s to %s), attempt %d failed: %s",
                message.id,
                message.topic,
                message.recipient,
                message.attempts,
                error,
            )
            return Outcome(OutboxStatus.PENDING, f"{type(error).__name__}: {error}"[:500])

    async def backlog(self) -> float:
        """How many messages wait, for /metrics."""
        async with self.database.read_sessions() as session:
            return float(await store.backlog(session))

    async def prune(self, now: datetime | None = None) -> int:
        """Forget what was delivered longer ago than the retention; how many messages."""
        before = (now or utcnow()) - timedelta(days=self.settings.outbox_retention_days)
        async with self.database.write_sessions() as session, session.begin():
            return await store.prune(session, before=before)

    async def drain(self, now: datetime | None = None) -> int:
        """Deliver everything due now; how many messages were claimed in all."""
        total = 0
        while claimed := await self.run_once(now):
            total += claimed
        return total

    def start(self) -> None:
        self._runner.start()

    async def stop(self) -> None:
        await self._runner.stop()
