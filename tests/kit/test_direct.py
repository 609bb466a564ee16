"""Prebuilt statements on the driver: the same rows as SQLAlchemy, inside the transaction."""

import uuid

import pytest
from sqlalchemy import Integer, bindparam, func, insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from expertbook.kit.direct import AsyncpgRunner, Prebuilt, runner_for, transaction
from expertbook.kit.time import utcnow
from expertbook.models import User

SUM = Prebuilt(select(literal(40, Integer) + bindparam("x", type_=Integer)))
NEW_USER = Prebuilt(insert(User.__table__))
COUNT_USERS = Prebuilt(select(func.count()).select_from(User.__table__))
TAKE_LOCK = Prebuilt(text("SELECT pg_advisory_xact_lock(4242, 17)"))
LOCKS_HELD = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 17")


def user_row() -> dict[str, object]:
    now = utcnow()
    return {
        "id": uuid.uuid4(),
        "name": "Direct",
        "email": f"{uuid.uuid4().hex}@example.com",
        "password_hash": "x",
        "is_expert": False,
        "created_at": now,
        "updated_at": now,
    }


async def test_rows_and_counts_are_plain_on_either_database(
    engine: AsyncEngine, backend: str
) -> None:
    async with AsyncSession(engine) as session:
        run = await runner_for(session)
        assert isinstance(run, AsyncpgRunner) == (backend == "postgresql")
        assert [tuple(row) for row in await run.rows(SUM, {"x": 2})] == [(42,)]
        async with transaction(run):
            assert await run.count(NEW_USER, user_row()) == 1
        await session.commit()
        assert (await run.rows(COUNT_USERS, {}))[0][0] >= 1


async def test_an_error_in_the_block_undoes_its_writes(engine: AsyncEngine) -> None:
    async with AsyncSession(engine) as session:
        run = await runner_for(session)
        before = (await run.rows(COUNT_USERS, {}))[0][0]
        with pytest.raises(RuntimeError):
            async with transaction(run):
                await run.count(NEW_USER, user_row())
                raise RuntimeError("changed my mind")
        await session.rollback()
        assert (await run.rows(COUNT_USERS, {}))[0][0] == before


async def test_postgres_holds_a_lock_until_the_block_commits(
    engine: AsyncEngine, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite writers hold the write lock")
    async with AsyncSession(engine) as session, engine.connect() as observer:
        run = await runner_for(session)
        async with transaction(run):
            await run.rows(TAKE_LOCK, {})
            assert (await observer.execute(LOCKS_HELD)).scalar() == 1
        assert (await observer.execute(LOCKS_HELD)).scalar() == 0


async def test_postgres_joins_a_transaction_sqlalchemy_began(
    engine: AsyncEngine, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite writers hold the write lock")
    async with AsyncSession(engine) as session, engine.connect() as observer:
        await session.execute(text("SELECT 1"))  # SQLAlchemy begins the transaction
        run = await runner_for(session)
        async with transaction(run):
            await run.rows(TAKE_LOCK, {})
        # Still the session's transaction: the lock lasts until the session commits.
        assert (await observer.execute(LOCKS_HELD)).scalar() == 1
        await session.commit()
        assert (await observer.execute(LOCKS_HELD)).scalar() == 0
