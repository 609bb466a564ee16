"""Prebuilt statements that the hottest path runs on the database driver itself.

SQLAlchemy builds and compiles each statement once. On PostgreSQL it then runs on the
session's own asyncpg connection, which skips SQLAlchemy's per-execution work (cache
keys, execution contexts, result wrapping): measured, that was a third of a booking's
CPU. On SQLite it runs through the session as usual. Either way rows come back as
tuples of plain values.
"""

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol, cast

import asyncpg
from sqlalchemy import ClauseElement, CursorResult, Executable
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util.concurrency import greenlet_spawn

from expertbook.db import HOLDS_POOLED_CONNECTION


class Prebuilt:
    """A Core statement with its SQL for asyncpg compiled on first use."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._asyncpg: tuple[str, list[str], dict[str, Any]] | None = None

    def for_asyncpg(self, session: AsyncSession) -> tuple[str, list[str], dict[str, Any]]:
        """The SQL, its parameters' names in order, and the statement's own literals."""
        if self._asyncpg is None:
            statement = cast(ClauseElement, self.statement)
            compiled = cast(SQLCompiler, statement.compile(dialect=session.get_bind().dialect))
            self._asyncpg = (str(compiled), list(compiled.positiontup or []), compiled.params)
        return self._asyncpg


class Runner(Protocol):
    dialect: str

    async def rows(self, prebuilt: Prebuilt, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        """Every row the statement returns."""

    async def count(self, prebuilt: Prebuilt, params: Mapping[str, Any]) -> int:
        """How many rows the statement changed."""


class SessionRunner:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    async def rows(self, prebuilt: Prebuilt, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        return (await self.session.execute(prebuilt.statement, params)).all()

    async def count(self, prebuilt: Prebuilt, params: Mapping[str, Any]) -> int:
        result = await self.session.execute(prebuilt.statement, params)
        assert isinstance(result, CursorResult)
        return result.rowcount


class AsyncpgRunner:
    dialect = "postgresql"

    def __init__(self, session: AsyncSession, driver: asyncpg.Connection) -> None:
        self.session = session
        self.driver = driver

    def _arguments(self, prebuilt: Prebuilt, params: Mapping[str, Any]) -> tuple[str, list[Any]]:
        sql, names, literals = prebuilt.for_asyncpg(self.session)
        return sql, [params[name] if name in params else literals[name] for name in names]

    async def rows(self, prebuilt: Prebuilt, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        sql, arguments = self._arguments(prebuilt, params)
        records: list[asyncpg.Record] = await self.driver.fetch(sql, *arguments)
        return records

    async def count(self, prebuilt: Prebuilt, params: Mapping[str, Any]) -> int:
        sql, arguments = self._arguments(prebuilt, params)
        status: str = await self.driver.execute(sql, *arguments)  # e.g. "INSERT 0 1"
        return int(status.rsplit(" ", 1)[-1])


@asynccontextmanager
async def direct(session: AsyncSession) -> AsyncIterator[Runner]:
    """A runner for the block: on PostgreSQL, on an asyncpg connection.

    Once the session has begun a transaction, that is its connection, so both share the
    transaction. Before, a connection comes straight from the engine's pool (a fifth of
    the session's cost) and goes back when the block ends. Meanwhile the session must
    not begin a transaction of its own (db.py makes it refuse), lest one request hold
    two of the pool's connections.
    """
    if session.get_bind().dialect.name != "postgresql":
        yield SessionRunner(session)
        return
    if session.in_transaction():
        connection = await session.connection()
        yield AsyncpgRunner(session, (await connection.get_raw_connection()).driver_connection)
        return
    assert isinstance(session.bind, AsyncEngine)
    pooled = await session.bind.raw_connection()
    runner = AsyncpgRunner(session, pooled.driver_connection)
    session.info[HOLDS_POOLED_CONNECTION] = True
    try:
        yield runner
    finally:
        del session.info[HOLDS_POOLED_CONNECTION]
        # A block cut off mid-statement may leave a transaction open: drop that one.
        unusable = runner.driver.is_closed() or runner.driver.is_in_transaction()
        await greenlet_spawn(pooled.invalidate if unusable else pooled.close)


@asynccontextmanager
async def transaction(run: Runner) -> AsyncIterator[None]:
    """The request's transaction, begun on the driver when SQLAlchemy has not begun it.

    A transaction begun here commits when the block ends, and the session then has
    nothing left to commit on the connection. Inside the block, run statements only
    through the runner, so that the two never each hold a transaction on one connection.
    """
    if not isinstance(run, AsyncpgRunner) or run.driver.is_in_transaction():
        yield
        return
    async with run.driver.transaction():
        yield
