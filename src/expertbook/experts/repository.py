"""Finding experts: by the id or the username in a link."""

import uuid

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.models import Expert


def expert_ref(id_or_username: str) -> uuid.UUID | str:
    """What a link names an expert by: their id, or their username as stored."""
    try:
        return uuid.UUID(id_or_username)
    except ValueError:
        return id_or_username.strip().lower()


def is_expert(id_or_username: str) -> ColumnElement[bool]:
    """The condition for the expert a link names, by id or by username."""
    ref = expert_ref(id_or_username)
    return Expert.id == ref if isinstance(ref, uuid.UUID) else Expert.username == ref


async def username_owner(session: AsyncSession, username: str) -> uuid.UUID | None:
    owner: uuid.UUID | None = await session.scalar(
        select(Expert.id).where(Expert.username == username)
    )
    return owner


async def usernames_like(session: AsyncSession, base: str) -> set[str]:
    return set(
        await session.scalars(select(Expert.username).where(Expert.username.like(f"{base}%")))
    )


async def find(session: AsyncSession, id_or_username: str) -> Expert | None:
    """The expert a link names, or None."""
    found: Expert | None = await session.scalar(select(Expert).where(is_expert(id_or_username)))
    return found
