"""Expert profiles: public lookup and the expert's own edits."""

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.auth.service import ensure_username_free
from expertbook.errors import NotFound
from expertbook.models import EventType, Expert, User


def where_id_or_username(query: Select[Expert, User], id_or_username: str) -> Select[Expert, User]:
    try:
        return query.where(Expert.id == uuid.UUID(id_or_username))
    except ValueError:
        return query.where(Expert.username == id_or_username.strip().lower())


async def get_public_expert(
    session: AsyncSession, id_or_username: str
) -> tuple[Expert, User, list[EventType]]:
    query = where_id_or_username(
        select(Expert, User).join(User, User.id == Expert.user_id), id_or_username
    )
    row = (await session.execute(query)).one_or_none()
    if row is None:
        raise NotFound("No expert with this link.")
    expert, user = row[0], row[1]
    event_types = await session.scalars(
        select(EventType)
        .where(EventType.expert_id == expert.id, EventType.is_active.is_(True))
        .order_by(EventType.position, EventType.created_at)
    )
    return expert, user, list(event_types)


async def update_expert(
    session: AsyncSession,
    expert: Expert,
    *,
    username: str | None,
    headline: str | None,
    bio: str | None,
    timezone: str | None,
) -> Expert:
    if username is not None and username != expert.username:
        await ensure_username_free(session, username, expert_id=expert.id)
        expert.username = username
    if headline is not None:
        expert.headline = headline
    if bio is not None:
        expert.bio = bio
    if timezone is not None:
        expert.timezone = timezone
    await session.flush()
    return expert
