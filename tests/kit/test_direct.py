"""Prebuilt statements on the driver: the same rows as SQLAlchemy, inside the transaction."""

import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import Integer, bindparam, func, insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from expertbook.config import Settings
from expertbook.db import Database, run_in_transaction
from expertbook.kit.direct import (
    AiosqliteRunner,
    AsyncpgRunner,
    Prebuilt,
    direct,
    transaction,
)
from expertbook.kit.time import utcnow
from expertbook.models import User

SUM = Prebuilt(select(literal(40, Integer) + bindparam("x", type_=Integer)))
USERS = User.__table__
NEW_USER = Prebuilt(
    insert(USERS).returning(USERS.c.id, USERS.c.created_at, USERS.c.is_expert, USERS.c.name)
)
COUNT_USERS = Prebuilt(select(func.count()).select_from(User.__table__))
TAKE_LOCK = Prebuilt(text("SELECT pg_advisory_xact_lock(4242, 17)"))
LOCKS_HELD = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 17")


# As FastAPI runs the dependency: an error in the request is thrown into it.
request_session = asynccontextmanager(run_in_transaction)


def write_session(database: Database) -> AbstractAsyncContextManager[AsyncSession]:
    return request_session(database.write_sessions)


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    db = Database(settings)
    yield db
    await db.dispose()


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


async def users(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return (await connection.execute(select(func.count()).select_from(User.__table__))).one()[0]


async def test_values_convert_as_through_sqlalchemy_on_either_database(
    database: Database, engine: AsyncEngine, backend: str
) -> None:
    before = await users(engine)
    row = user_row()
    async with write_session(database) as session, direct(session) as run:
        assert isinstance(run, AsyncpgRunner) == (backend == "postgresql")
        assert await run.rows(SUM, {"x": 2}) == [(42,)]  # a literal and a parameter
        async with transaction(run):
            inserted = await run.rows(NEW_USER, row)
        # Types as SQLAlchemy's own: a UUID, an aware UTC datetime, a bool (SQLite keeps
        # hex text, naive text and 0/1).
        assert inserted == [(row["id"], row["created_at"], False, "Direct")]
        assert isinstance(inserted[0][0], uuid.UUID)
        assert inserted[0][1].utcoffset() == timedelta(0)
        assert (await run.rows(COUNT_USERS, {}))[0][0] == before + 1
    assert await users(engine) == before + 1
    async with engine.connect() as connection:
        stored = (await connection.execute(select(USERS).where(USERS.c.id == row["id"]))).one()
    assert stored.created_at == row["created_at"] and stored.email == row["email"]
    assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_an_error_in_the_block_undoes_its_writes(
    database: Database, engine: AsyncEngine
) -> None:
    before = await users(engine)
    with pytest.raises(RuntimeError, match="changed my mind"):
        async with write_session(database) as session, direct(session) as run, transaction(run):
            await run.rows(NEW_USER, user_row())
            raise RuntimeError("changed my mind")
    assert await users(engine) == before
    assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_postgres_holds_a_lock_until_the_block_commits(
    database: Database, engine: AsyncEngine, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite writers hold the write lock")
    async with (
        engine.connect() as observer,
        write_session(database) as session,
        direct(session) as run,
    ):
        async with transaction(run):
            await run.rows(TAKE_LOCK, {})
            assert (await observer.execute(LOCKS_HELD)).scalar() == 1
        assert (await observer.execute(LOCKS_HELD)).scalar() == 0


async def test_postgres_joins_a_transaction_sqlalchemy_began(
    database: Database, engine: AsyncEngine, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite writers hold the write lock")
    async with engine.connect() as observer:
        async with write_session(database) as session:
            await session.execute(text("SELECT 1"))  # SQLAlchemy begins the transaction
            async with direct(session) as run, transaction(run):
                await run.rows(TAKE_LOCK, {})
            # Still the session's transaction: the lock lasts until the session commits.
            assert (await observer.execute(LOCKS_HELD)).scalar() == 1
        assert (await observer.execute(LOCKS_HELD)).scalar() == 0


async def test_postgres_session_refuses_a_second_connection(
    database: Database, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("on SQLite the runner shares the session's connection")
    async with write_session(database) as session:
        with pytest.raises(RuntimeError, match="already holds a pooled connection"):
            async with direct(session):
                await session.execute(text("SELECT 1"))
        await session.rollback()
        assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        # After the block its connection is back: the session may begin as usual.
        assert (await session.execute(text("SELECT 1"))).scalar() == 1


async def test_postgres_drops_a_connection_left_in_a_transaction(
    database: Database, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("on SQLite the runner shares the session's connection")
    async with write_session(database) as session, direct(session) as run:
        assert isinstance(run, AsyncpgRunner)
        left_open = run.driver
        await left_open.execute("BEGIN")  # as if the block were cut off mid-transaction
    assert left_open.is_closed()
    assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_sqlite_runs_in_the_sessions_write_transaction(
    database: Database, engine: AsyncEngine, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL runs on a connection of its own")
    before = await users(engine)
    async with write_session(database) as session:
        async with direct(session) as run:
            assert isinstance(run, AiosqliteRunner)
            await run.rows(NEW_USER, user_row())
        assert session.in_transaction()
        await session.rollback()  # the session's rollback undoes the runner's insert
    assert await users(engine) == before


async def test_a_missing_parameter_is_an_error_not_a_null(database: Database) -> None:
    async with write_session(database) as session, direct(session) as run:
        with pytest.raises(KeyError, match="'x'"):
            await run.rows(SUM, {})
