"""Accounts: register and authenticate."""

import uuid

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from expertbook.auth.passwords import Passwords
from expertbook.auth.schemas import UserRead
from expertbook.auth.security import TokenClaims, decode_access_token
from expertbook.config import Settings
from expertbook.errors import Conflict
from expertbook.kit.i18n import DEFAULT_LANGUAGE, Language
from expertbook.kit.time import utcnow
from expertbook.models import RevokedToken, User


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _email_taken() -> Conflict:
    return Conflict("An account with this email already exists.", code="email_taken")


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    query = select(User).where(User.id == user_id).options(selectinload(User.expert))
    return (await session.execute(query)).scalar_one_or_none()


async def user_for_token(session: AsyncSession, token: str, settings: Settings) -> User | None:
    """The user a valid token stands for; None for a bad, expired or logged-out token, a
    deleted account, or a token issued before the user logged out everywhere."""
    claims = decode_access_token(token, settings)
    if claims is None:
        return None
    logged_out = exists().where(RevokedToken.jti == claims.token_id)
    query = (
        select(User, logged_out.label("logged_out"))
        .where(User.id == claims.user_id)
        .options(joinedload(User.expert))
    )
    row = (await session.execute(query)).one_or_none()
    if row is None or row.logged_out:
        return None
    user: User = row[0]
    cut_off = user.tokens_valid_after
    return None if cut_off is not None and claims.issued_at < cut_off else user


async def log_out(session: AsyncSession, claims: TokenClaims) -> None:
    """Refuse this one token from now on (until it would have expired anyway)."""
    await session.execute(delete(RevokedToken).where(RevokedToken.expires_at < utcnow()))
    await session.merge(RevokedToken(jti=claims.token_id, expires_at=claims.expires_at))
    await session.flush()


async def log_out_everywhere(session: AsyncSession, user: User) -> None:
    """Refuse every token issued until now, on every device."""
    user.tokens_valid_after = utcnow()
    await session.flush()


async def register(
    session: AsyncSession,
    *,
    passwords: Passwords,
    name: str,
    email: str,
    password: str,
    language: Language = DEFAULT_LANGUAGE,
) -> User:
    # Hashed before the first statement: on SQLite a writer's turn starts there.
    password_hash = await passwords.hash(password)
    email = normalise_email(email)
    if await session.scalar(select(User.id).where(User.email == email)):
        raise _email_taken()
    user = User(
        name=name, email=email, password_hash=password_hash, is_expert=False, language=language
    )
    session.add(user)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise _email_taken() from exc
    user.expert = None
    return user


async def authenticate(
    session: AsyncSession, *, passwords: Passwords, email: str, password: str
) -> User | None:
    query = (
        select(User).where(User.email == normalise_email(email)).options(selectinload(User.expert))
    )
    user = (await session.execute(query)).scalar_one_or_none()
    # Always verify a hash, so an unknown email takes as long as a wrong password.
    valid = await passwords.verify(password, user.password_hash if user else None)
    return user if valid else None


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
        language=user.language,
        created_at=user.created_at,
    )
