"""What `expertbook admin reviews` shows an administrator, and their decisions."""

import uuid

from expertbook.config import Settings
from expertbook.db import Database, run_in_transaction
from expertbook.reviews import repository, service

LIST_LIMIT = 500


async def reported_lines(settings: Settings) -> list[str]:
    database = Database(settings)
    try:
        async with database.read_sessions() as session:
            reviews = await repository.reported(session, limit=LIST_LIMIT)
    finally:
        await database.dispose()
    if not reviews:
        return ["No reported review awaits a decision."]
    lines = [f"{'id':36}  {'expert':30}  {'stars':5}  {'reported (UTC)':16}  text / reason"]
    for review, username in reviews:
        reported = f"{review.reported_at:%Y-%m-%d %H:%M}" if review.reported_at else ""
        text = " ".join((review.text or "(no text)").split())
        lines.append(f"{review.id!s:36}  {username:30}  {review.rating:5}  {reported:16}  {text}")
        lines.append(f"{'':36}  {'':30}  {'':5}  {'':16}  reason: {review.report_reason or '-'}")
    return lines


async def decide(settings: Settings, review_id: str, *, keep: bool) -> bool:
    """Publish the reported review again (keep) or remove it; False when no reported
    review has this id."""
    try:
        parsed = uuid.UUID(review_id)
    except ValueError:
        return False
    database = Database(settings)
    try:
        async for session in run_in_transaction(database.write_sessions):
            decided = await service.decide(session, parsed, keep=keep)
    finally:
        await database.dispose()
    return decided is not None
