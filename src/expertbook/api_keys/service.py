"""Making, listing, revoking and recognising API keys."""

import hmac
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from expertbook.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from expertbook.auth.security import hash_secret_token
from expertbook.db import Database
from expertbook.errors import NotFound, Unprocessable
from expertbook.kit.i18n import N_
from expertbook.kit.time import utcnow
from expertbook.models import ApiKey, User

PREFIX = "eb_"
MAX_KEYS = 20
# "Last used" is written at most this often per key: not a write per request.
LAST_USED_PRECISION = timedelta(minutes=1)


def is_api_key(token: str) -> bool:
    return token.startswith(PREFIX)


async def create_key(session: AsyncSession, user: User, data: ApiKeyCreate) -> ApiKeyCreated:
    count = await session.scalar(select(func.count()).where(ApiKey.user_id == user.id))
    if (count or 0) >= MAX_KEYS:
        raise Unprocessable(
            "You can have up to {count} API keys. Revoke one first.",
            count=MAX_KEYS,
            code="too_many_keys",
        )
    if data.expires_at is not None and data.expires_at <= utcnow():
        message = N_("Choose an expiry date in the future.")
        raise Unprocessable(message, details=[{"field": "expiresAt", "message": message}])
    key = PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        id=uuid.uuid4(),
        user_id=user.id,
        name=data.name,
        prefix=key[:10],
        key_hash=hash_secret_token(key),
        scopes=sorted(set(data.scopes)),
        created_at=utcnow(),
        expires_at=data.expires_at,
    )
    session.add(row)
    await session.flush()
    return ApiKeyCreated.model_validate(row).model_copy(update={"key": key})


async def list_keys(session: AsyncSession, user: User) -> list[ApiKeyRead]:
    rows = await session.scalars(
        select(ApiKey).where(ApiKey.user_id == user.id).order_by(ApiKey.created_at)
    )
    return [ApiKeyRead.model_validate(row) for row in rows]


async def revoke_key(session: AsyncSession, user: User, key_id: uuid.UUID) -> None:
    """Gone at once: the next request with it is refused."""
    row = await session.get(ApiKey, key_id)
    if row is None or row.user_id != user.id:
        raise NotFound("No such API key.")
    await session.delete(row)
    await session.flush()


async def key_owner(session: AsyncSession, token: str) -> tuple[ApiKey, User] | None:
    """The key and its user, if `token` is a live key."""
    token_hash = hash_secret_token(token)
    row = (
        await session.execute(
            select(ApiKey, User)
            .join(User, User.id == ApiKey.user_id)
            .where(ApiKey.key_hash == token_hash)
            .options(joinedload(User.expert))
        )
    ).one_or_none()
    if row is None:
        return None
    key, user = row[0], row[1]
    # Found by its hash; compared again in constant time all the same.
    if not hmac.compare_digest(key.key_hash, token_hash):
        return None
    if key.expires_at is not None and key.expires_at <= utcnow():
        return None
    return key, user


async def note_use(database: Database, key: ApiKey) -> None:
    now = utcnow()
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_PRECISION:
        return
    async with database.write_sessions() as session, session.begin():
        await session.execute(update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=now))
