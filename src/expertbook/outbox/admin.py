"""What `expertbook outbox` shows an operator, and its retry."""

import uuid

from expertbook.config import Settings
from expertbook.db import Database
from expertbook.kit.time import utcnow
from expertbook.models import OutboxStatus
from expertbook.outbox import store

WAITING = [OutboxStatus.PENDING, OutboxStatus.FAILED]


async def list_lines(settings: Settings, *, everything: bool = False) -> list[str]:
    database = Database(settings)
    try:
        async with database.read_sessions() as session:
            statuses = list(OutboxStatus) if everything else WAITING
            messages = await store.list_messages(session, statuses, limit=500)
    finally:
        await database.dispose()
    if not messages:
        return ["Nothing waiting: every message has been delivered."]
    lines = [
        f"{'id':36}  {'status':8}  {'tries':5}  {'due (UTC)':16}  {'what':20}  to / last error"
    ]
    for message in messages:
        lines.append(
            f"{message.id!s:36}  {message.status:8}  {message.attempts:5}  "
            f"{message.next_attempt_at:%Y-%m-%d %H:%M}  {message.topic:20}  {message.recipient}"
        )
        if message.last_error:
            lines.append(f"{'':36}  {'':8}  {'':5}  {'':16}  {'':20}  {message.last_error}")
    return lines


async def retry_message(settings: Settings, message_id: str) -> bool:
    try:
        parsed = uuid.UUID(message_id)
    except ValueError:
        return False
    database = Database(settings)
    try:
        async with database.write_sessions() as session, session.begin():
            return await store.retry_now(session, parsed, now=utcnow())
    finally:
        await database.dispose()
