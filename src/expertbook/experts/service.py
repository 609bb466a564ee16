"""Experts: becoming one, the public profile, and the expert's own edits."""

import re
import unicodedata
import uuid

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.avatars.urls import avatar_url
from expertbook.errors import Conflict, NotFound
from expertbook.experts import repository
from expertbook.experts.schemas import RESERVED_USERNAMES, ExpertRead, Rating
from expertbook.experts.tags import replace_tags
from expertbook.models import EventType, Expert, TagKind, User

DEFAULT_TIMEZONE = "UTC"


def _username_taken() -> Conflict:
    return Conflict(
        "This username is taken. Please choose another.",
        code="username_taken",
        details={"field": "username"},
    )


def expert_read(expert: Expert, user: User) -> ExpertRead:
    return ExpertRead(
        id=expert.id,
        user_id=user.id,
        name=user.name,
        username=expert.username,
        headline=expert.headline,
        bio=expert.bio,
        timezone=expert.timezone,
        max_bookings_per_day=expert.max_bookings_per_day,
        embed_origins=expert.embed_origins,
        topics=list(expert.topics or []),
        languages=list(expert.languages or []),
        listed=expert.listed,
        avatar_url=avatar_url(expert.avatar_key),
        created_at=expert.created_at,
    )


def rating_of(expert: Expert) -> Rating:
    count = expert.review_count or 0
    average = round(expert.rating_sum / count, 2) if count else None
    return Rating(average=average, count=count)


def _slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:24].strip("-")
    if len(slug) < 3 or slug in RESERVED_USERNAMES:
        slug = f"{slug or 'expert'}-pro".strip("-")
    return slug


async def _unique_username(session: AsyncSession, base: str) -> str:
    taken = await repository.usernames_like(session, base)
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


async def _ensure_username_free(
    session: AsyncSession, username: str, *, expert_id: uuid.UUID | None = None
) -> None:
    owner = await repository.username_owner(session, username)
    if owner is not None and owner != expert_id:
        raise _username_taken()


async def become_expert(
    session: AsyncSession,
    *,
    user: User,
    username: str | None = None,
    headline: str = "",
    bio: str = "",
    timezone: str | None = None,
) -> Expert:
    """Idempotent: a user who is already an expert gets their expert back unchanged."""
    if user.expert is not None:
        return user.expert
    if username is None:
        username = await _unique_username(session, _slugify(user.name))
    else:
        await _ensure_username_free(session, username)
    expert = Expert(
        user_id=user.id,
        username=username,
        headline=headline,
        bio=bio,
        timezone=timezone or DEFAULT_TIMEZONE,
        topics=[],
        languages=[],
        listed=False,
    )
    session.add(expert)
    user.is_expert = True
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:  # a concurrent request took the username first
        raise _username_taken() from exc
    user.expert = expert
    expert.user = user
    return expert


async def get_public_expert(
    session: AsyncSession, id_or_username: str, *, with_slug: str | None = None
) -> tuple[Expert, User, list[EventType]]:
    """The expert and their listed event types; a hidden one too when its slug is given
    (someone followed its own link)."""
    query = (
        select(Expert, User)
        .join(User, User.id == Expert.user_id)
        .where(repository.is_expert(id_or_username))
    )
    row = (await session.execute(query)).one_or_none()
    if row is None:
        raise NotFound("No expert with this link.")
    expert, user = row[0], row[1]
    event_types = await session.scalars(
        select(EventType)
        .where(
            EventType.expert_id == expert.id,
            EventType.is_active.is_(True),
            or_(EventType.hidden.is_(False), EventType.slug == (with_slug or "")),
        )
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
    max_bookings_per_day: int | None = None,
    clear_max_bookings_per_day: bool = False,
    embed_origins: list[str] | None = None,
    topics: list[str] | None = None,
    languages: list[str] | None = None,
    listed: bool | None = None,
) -> Expert:
    if username is not None and username != expert.username:
        await _ensure_username_free(session, username, expert_id=expert.id)
        expert.username = username
    if headline is not None:
        expert.headline = headline
    if bio is not None:
        expert.bio = bio
    if timezone is not None:
        expert.timezone = timezone
    if max_bookings_per_day is not None or clear_max_bookings_per_day:
        expert.max_bookings_per_day = max_bookings_per_day
    if embed_origins is not None:
        expert.embed_origins = embed_origins
    if topics is not None:
        expert.topics = topics
        await replace_tags(session, expert, TagKind.TOPIC, topics)
    if languages is not None:
        expert.languages = languages
        await replace_tags(session, expert, TagKind.LANGUAGE, languages)
    if listed is not None:
        expert.listed = listed
    await session.flush()
    return expert


async def expert_exists(session: AsyncSession, expert_id: uuid.UUID) -> bool:
    return await session.scalar(select(Expert.id).where(Expert.id == expert_id)) is not None
