"""Real PostgreSQL and Redis for the tests: found, or skipped with a reason, or failed in CI."""

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

POSTGRES_DSN = os.environ.get("EXPERTBOOK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("EXPERTBOOK_TEST_REDIS", "redis://127.0.0.1:6379/0")


def services_required() -> bool:
    return os.environ.get("EXPERTBOOK_REQUIRE_SERVICES") == "1"


def unavailable(what: str, error: BaseException) -> None:
    """Skip with a visible reason, or fail when EXPERTBOOK_REQUIRE_SERVICES=1."""
    message = f"{what} is unreachable ({error.__class__.__name__}: {error})"
    if services_required():
        pytest.fail(f"{message}; EXPERTBOOK_REQUIRE_SERVICES=1 demands it", pytrace=False)
    pytest.skip(f"{message}; set EXPERTBOOK_REQUIRE_SERVICES=1 to fail instead")


async def _admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(f"{POSTGRES_DSN}/postgres", timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def throwaway_postgres(label: str) -> Iterator[str]:
    """A fresh database for this run (dropped afterwards); yields its asyncpg URL."""
    name = f"expertbook_test_{label}_{uuid.uuid4().hex[:10]}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        unavailable("PostgreSQL at " + POSTGRES_DSN, error)
    try:
        yield f"{POSTGRES_DSN.replace('postgresql://', 'postgresql+asyncpg://')}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def require_redis() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:
        unavailable("Redis at " + REDIS_URL, error)
    return REDIS_URL
