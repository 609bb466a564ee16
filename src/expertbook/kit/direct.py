"""Prebuilt statements that the hottest path runs on the database driver itself.

SQLAlchemy builds and compiles each statement once per dialect, and its own types
convert the parameters and the rows. The statement then runs on the driver's connection
(asyncpg, aiosqlite) directly: this skips SQLAlchemy's per-execution work (cache keys,
execution contexts, result objects; on SQLite, several thread hops per statement),
which measured a third of a booking's CPU.
"""

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, cast

import aiosqlite
import asyncpg
from sqlalchemy import BindParameter, ClauseElement, Dialect, Executable
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util.concurrency import greenlet_spawn

from expertbook.db import HOLDS_POOLED_CONNECTION

Processor = Callable[[Any], Any] | None
_MISSING = object()


class Compiled:
    """A statement's SQL for one dialect, with its parameters' and columns' conversions."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        self.sql = str(compiled)
        # (name, the statement's own value or _MISSING, conversion), in the SQL's order.
        self._parameters: list[tuple[str, Any, Processor]] = []
        own_values = compiled.params
        for name in compiled.positiontup or []:
            bind: BindParameter[Any] = compiled.binds[name]
            own_value = _MISSING if bind.required else own_values[name]
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            self._parameters.append((name, own_value, convert))
        columns = getattr(statement, "exported_columns", ())  # a select's, or RETURNING
        self._columns: list[Processor] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ]

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        arguments = []
        for name, own_value, process in self._parameters:
            value = params.get(name, own_value)
            if value is _MISSING:
                raise KeyError(f"no value for the statement's parameter {name!r}")
            arguments.append(process(value) if process is not None and value is not None else value)
        return arguments

    def row(self, values: Sequence[Any]) -> tuple[Any, ...]:
        if not self._columns:
            return tuple(values)
        return tuple(
            process(value) if process is not None else value
            for process, value in zip(self._columns, values, strict=True)
        )


class Prebuilt:
    """A Core statement, compiled for a dialect on first use."""

    def __init__(self, statement: Executable) -> None:
        self.statement = cast(ClauseElement, statement)
        self._compiled: dict[str, Compiled] = {}

    def compiled(self, dialect: Dialect) -> Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = Compiled(self.statement, dialect)
        return found


class Runner:
    """Runs prebuilt statements on one driver connection; rows come back as tuples."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.name = dialect.name

    async def rows(self, prebuilt: Prebuilt, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        compiled = prebuilt.compiled(self.dialect)
        fetched = await self._fetch(compiled.sql, compiled.arguments(params))
        return [compiled.row(values) for values in fetched]

    async def _fetch(self, sql: str, arguments: list[Any]) -> Sequence[Sequence[Any]]:
        raise NotImplementedError

    def in_transaction(self) -> bool:
        """Whether the connection is inside a transaction: what ran may still roll back."""
        raise NotImplementedError


class AsyncpgRunner(Runner):
    def __init__(self, dialect: Dialect, driver: asyncpg.Connection) -> None:
        super().__init__(dialect)
        self.driver = driver

    async def _fetch(self, sql: str, arguments: list[Any]) -> Sequence[Sequence[Any]]:
        records: list[asyncpg.Record] = await self.driver.fetch(sql, *arguments)
        return records

    def in_transaction(self) -> bool:
        return bool(self.driver.is_in_transaction())


class AiosqliteRunner(Runner):
    def __init__(self, dialect: Dialect, driver: aiosqlite.Connection) -> None:
        super().__init__(dialect)
        self.driver = driver

    async def _fetch(self, sql: str, arguments: list[Any]) -> Sequence[Sequence[Any]]:
        return list(await self.driver.execute_fetchall(sql, arguments))  # one thread hop

    def in_transaction(self) -> bool:
        return self.driver.in_transaction


@asynccontextmanager
async def direct(session: AsyncSession) -> AsyncIterator[Runner]:
    """A runner for the block, on a driver connection.

    On SQLite, and on PostgreSQL once the session has begun a transaction, that is the
    session's connection, so both share the transaction. On PostgreSQL before that, a
    connection comes straight from the engine's pool (a fifth of the cost of the
    session's) and goes back when the block ends. Meanwhile the session must
    not begin a transaction of its own (db.py makes it refuse), lest one request hold
    two of the pool's connections.
    """
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql" or session.in_transaction():
        # SQLite: the session's connection, whose BEGIN IMMEDIATE takes the write lock.
        connection = await session.connection()
        driver: Any = (await connection.get_raw_connection()).driver_connection
        yield (AsyncpgRunner if dialect.name == "postgresql" else AiosqliteRunner)(dialect, driver)
        return
    assert isinstance(session.bind, AsyncEngine)
    pooled = await session.bind.raw_connection()
    runner = AsyncpgRunner(dialect, pooled.driver_connection)
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
