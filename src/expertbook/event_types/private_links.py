"""Single-use private links: each books its event type once, then answers 410."""

import secrets
import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.auth.security import hash_secret_token
from expertbook.errors import Gone, NotFound
from expertbook.kit.time import utcnow
from expertbook.models import EventType, PrivateLink

MAX_LINKS = 100


def new_key() -> str:
    return secrets.token_urlsafe(18)


async def create(
    session: AsyncSession, event_type: EventType, label: str
) -> tuple[PrivateLink, str]:
    key = new_key()
    link = PrivateLink(
        id=uuid.uuid4(),
        event_type_id=event_type.id,
        key_hash=hash_secret_token(key),
        key_hint=key[:6],
        label=label,
        created_at=utcnow(),
    )
    session.add(link)
    await session.flush()
    return link, key


async def list_links(session: AsyncSession, event_type: EventType) -> list[PrivateLink]:
    rows = await session.scalars(
        select(PrivateLink)
        .where(PrivateLink.event_type_id == event_type.id)
        .order_by(PrivateLink.created_at.desc())
        .limit(MAX_LINKS)
    )
    return list(rows)


async def revoke(session: AsyncSession, event_type: EventType, link_id: uuid.UUID) -> None:
    link = await session.get(PrivateLink, link_id)
    if link is None or link.event_type_id != event_type.id:
        raise NotFound("No such private link.")
    await session.delete(link)
    await session.flush()


def _used() -> Gone:
    return Gone(
        "This private link has already been used to book. Ask the expert for a new one.",
        code="link_used",
    )


async def consume(
    session: AsyncSession, event_type_id: uuid.UUID, key: str, booking_id: uuid.UUID
) -> None:
    """Spend the link on this booking. Of two bookings racing with one link, the first to
    update it wins: the other finds it used (410) and its transaction rolls back."""
    link = await session.scalar(
        select(PrivateLink).where(
            PrivateLink.key_hash == hash_secret_token(key),
            PrivateLink.event_type_id == event_type_id,
        )
    )
    if link is None:
        raise NotFound("This private link does not exist or was revoked.", code="link_not_found")
    if link.used_at is not None:
        raise _used()
    spent = await session.execute(
        update(PrivateLink)
        .where(PrivateLink.id == link.id, PrivateLink.used_at.is_(None))
        .values(used_at=utcnow(), booking_id=booking_id)
    )
    if not spent.rowcount:  # type: ignore[attr-defined]
        raise _used()
