"""Writing messages into the outbox and moving them through their states."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.kit.time import utcnow
from expertbook.models import OutboxKind, OutboxMessage, OutboxStatus, WebhookDelivery

REMINDER = "reminder"
# The first retry waits this long, each next one twice as long, up to the cap.
FIRST_RETRY = timedelta(seconds=15)
LONGEST_RETRY = timedelta(hours=1)


def enqueue(
    session: AsyncSession,
    *,
    kind: OutboxKind,
    topic: str,
    recipient: str,
    payload: str,
    due: datetime | None = None,
    booking_id: uuid.UUID | None = None,
    booking_sequence: int | None = None,
    webhook_id: uuid.UUID | None = None,
    message_id: uuid.UUID | None = None,
) -> OutboxMessage:
    """Add a message to the session's transaction: it exists only if the change commits."""
    now = utcnow()
    message = OutboxMessage(
        id=message_id or uuid.uuid4(),
        kind=kind,
        topic=topic,
        recipient=recipient,
        payload=payload,
        booking_id=booking_id,
        booking_sequence=booking_sequence,
        webhook_id=webhook_id,
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=due or now,
        created_at=now,
    )
    session.add(message)
    return message


async def drop_pending_reminders(session: AsyncSession, booking_id: uuid.UUID) -> None:
    """Forget the reminders of a booking whose time or status changed.

    One already being delivered is not deleted: the worker checks the booking's
    sequence just before sending, and skips it.
    """
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.booking_id == booking_id,
            OutboxMessage.topic == REMINDER,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
    )


def _is_due(now: datetime):  # type: ignore[no-untyped-def]
    return (
        (OutboxMessage.status == OutboxStatus.PENDING)
        & (OutboxMessage.next_attempt_at <= now)
        & or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now)
    )


async def claim_due(
    session: AsyncSession, *, now: datetime, lease: timedelta, limit: int
) -> list[OutboxMessage]:
    """Take up to `limit` due messages for this worker until `now + lease`.

    PostgreSQL: rows other workers are claiming are skipped (FOR UPDATE SKIP LOCKED), so
    no two workers take the same message. SQLite lets one writer in at a time, which
    makes the one statement a claim of its own.
    """
    due = (
        select(OutboxMessage.id)
        .where(_is_due(now))
        .order_by(OutboxMessage.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = await session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due))
        .values(locked_until=now + lease, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage),
        execution_options={"synchronize_session": False},
    )
    return list(claimed)


def retry_delay(attempts: int) -> timedelta:
    delay: timedelta = FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20)
    return min(delay, LONGEST_RETRY)


async def finish(
    session: AsyncSession,
    message_id: uuid.UUID,
    *,
    status: OutboxStatus,
    now: datetime,
    error: str | None = None,
) -> None:
    values: dict[str, object] = {"status": status, "locked_until": None, "last_error": error}
    if status == OutboxStatus.SENT:
        values["sent_at"] = now
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values)
    )


async def retry_later(
    session: AsyncSession, message: OutboxMessage, *, now: datetime, error: str, max_attempts: int
) -> None:
    """Another try after a growing delay, or FAILED after the last allowed attempt."""
    if message.attempts >= max_attempts:
        await finish(session, message.id, status=OutboxStatus.FAILED, now=now, error=error)
        return
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(
            locked_until=None,
            last_error=error[:500],
            next_attempt_at=now + retry_delay(message.attempts),
        )
    )


async def backlog(session: AsyncSession) -> int:
    """How many messages wait to be delivered now or later."""
    count = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING)
    )
    return int(count or 0)


async def list_messages(
    session: AsyncSession, statuses: list[OutboxStatus], limit: int = 100
) -> list[OutboxMessage]:
    rows = await session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status.in_(statuses))
        .order_by(OutboxMessage.next_attempt_at)
        .limit(limit)
    )
    return list(rows)


async def retry_now(session: AsyncSession, message_id: uuid.UUID, *, now: datetime) -> bool:
    """Make a pending or failed message due at once; False if there is no such message."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.FAILED]),
        )
        .values(status=OutboxStatus.PENDING, next_attempt_at=now, locked_until=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def prune(session: AsyncSession, *, before: datetime) -> int:
    """Forget messages delivered or skipped before `before`, and webhook attempts logged
    before it; failed ones stay for an operator. How many messages went."""
    result = await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.SKIPPED]),
            OutboxMessage.created_at < before,
        )
    )
    await session.execute(delete(WebhookDelivery).where(WebhookDelivery.attempted_at < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
