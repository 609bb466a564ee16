"""Accounts: register, authenticate, become an expert."""

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from expertbook.auth.schemas import RESERVED_USERNAMES, ExpertRead, UserRead
from expertbook.auth.security import hash_password, verify_password
from expertbook.errors import Conflict
from expertbook.models import Expert, User

DEFAULT_TIMEZONE = "UTC"


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def get_user(session: AsyncSession, user_id: object) -> User | None:
    query = select(User).where(User.id == user_id).options(selectinload(User.expert))
    return (await session.execute(query)).scalar_one_or_none()


async def register(session: AsyncSession, *, name: str, email: str, password: str) -> User:
    email = normalise_email(email)
    if await session.scalar(select(User.id).where(User.email == email)):
        raise Conflict("An account with this email already exists.", code="email_taken")
    user = User(name=name, email=email, password_hash=hash_password(password), is_expert=False)
    session.add(user)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise Conflict("An account with this email already exists.", code="email_taken") from exc
    user.expert = None
    return user


async def authenticate(session: AsyncSession, *, email: str, password: str) -> User | None:
    query = (
        select(User).where(User.email == normalise_email(email)).options(selectinload(User.expert))
    )
    user = (await session.execute(query)).scalar_one_or_none()
    # Always verify a hash, so an unknown email takes as long as a wrong password.
    valid = verify_password(password, user.password_hash if user else None)
    return user if valid else None


def _slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:24].strip("-")
    if len(slug) < 3 or slug in RESERVED_USERNAMES:
        slug = f"{slug or 'expert'}-pro".strip("-")
    return slug


async def _unique_username(session: AsyncSession, base: str) -> str:
    taken = set(
        await session.scalars(select(Expert.username).where(Expert.username.like(f"{base}%")))
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


async def ensure_username_free(
    session: AsyncSession, username: str, *, expert_id: object = None
) -> None:
    owner = await session.scalar(select(Expert.id).where(Expert.username == username))
    if owner is not None and owner != expert_id:
        raise Conflict(
            "This username is taken.", code="username_taken", details={"field": "username"}
        )


async def become_expert(
    session: AsyncSession,
    *,
    user: User,
    username: str | None,
    headline: str,
    bio: str,
    timezone: str | None,
) -> Expert:
    """Idempotent: a user who is already an expert gets their expert back unchanged."""
    if user.expert is not None:
        return user.expert
    if username is None:
        username = await _unique_username(session, _slugify(user.name))
    else:
        await ensure_username_free(session, username)
    expert = Expert(
        user_id=user.id,
        username=username,
        headline=headline,
        bio=bio,
        timezone=timezone or DEFAULT_TIMEZONE,
    )
    session.add(expert)
    user.is_expert = True
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise Conflict("This username is taken.", code="username_taken") from exc
    user.expert = expert
    expert.user = user
    return expert


def user_read(user: User) -> UserRead:
    expert = user.expert
    return UserRead(
        id=user.id,
        name=user.name,
        email=user.email,
        is_expert=user.is_expert,
        expert_id=expert.id if expert else None,
        username=expert.username if expert else None,
        timezone=expert.timezone if expert else None,
        created_at=user.created_at,
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
        created_at=expert.created_at,
    )
