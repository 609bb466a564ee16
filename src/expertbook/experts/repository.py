"""Finding experts: by the id or the username in a link."""

import uuid

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.models import Expert


def is_expert(id_or_username: str) -> ColumnElement[bool]:
    """The condition for the expert a link names, by id or by username."""
    try:
        return Expert.id == uuid.UUID(id_or_username)
    except ValueError:
        return Expert.username == id_or_username.strip().lower()


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
