"""Engines, sessions and the one-transaction-per-request dependency."""

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from expertbook.config import Settings

AfterCommit = Callable[[], Awaitable[None]]
logger = logging.getLogger("expertbook.database")
# A lock wait ends well inside the statement timeout: contention answers 409, not 503.
LOCK_SHARE_OF_TIMEOUT = 0.6


def _postgres_settings(timeout_seconds: float) -> dict[str, str]:
    return {
        # No request waits long for a lock: contention answers fast (409), never hangs.
        "lock_timeout": f"{int(timeout_seconds * LOCK_SHARE_OF_TIMEOUT * 1000)}ms",
        # Every query here finds rows by key or by (expert, time) through an index, a
        # plan the values never change. Planned once per connection instead of per
        # execution: replanning the booking lookup cost PostgreSQL three times its work.
        "plan_cache_mode": "force_generic_plan",
    }


# Up to 30 connections a process, each opened when first needed and then kept: opening
# one (a thread and four PRAGMAs on SQLite, a login and a forked server process on
# PostgreSQL) costs more than a booking. No overflow beyond them: overflow connections
# are closed as soon as the pool is full again, and under steady load that meant
# dozens of logins a second; a request waits for a free connection instead. Mind
# PostgreSQL's max_connections when scaling out. LIFO: after a burst, the warm
# connections serve first.
POOL = {"pool_size": 30, "max_overflow": 0, "pool_use_lifo": True}
# SQLite lets one writer in at a time. Its writers share one connection, so they queue
# for it in order, each from its transaction's first statement to its commit; the busy
# handler would instead sleep and retry, starving some writers for seconds under load.
# Work before the first statement (hashing a password) never holds the writers' turn.
SQLITE_WRITER_POOL = {"pool_size": 1, "max_overflow": 0}
# Reads run each statement on its own, as on PostgreSQL (READ_ONLY below): a BEGIN, a
# COMMIT and the pool's ROLLBACK would each be one more trip to the connection's thread.
SQLITE_READS = {"isolation_level": "AUTOCOMMIT", "skip_autocommit_rollback": True}


READ_ONLY = {"isolation_level": "AUTOCOMMIT"}


def create_engine(settings: Settings, *, for_writes: bool = False) -> AsyncEngine:
    url, timeout = settings.database_url, settings.database_timeout_seconds
    if settings.is_sqlite:
        in_memory = _ensure_sqlite_dir(url) is None  # one shared connection, no pool to size
        pool: dict[str, Any] = {} if in_memory else SQLITE_WRITER_POOL if for_writes else POOL
        if not in_memory:
            pool = {**pool, "pool_timeout": timeout}
        if not for_writes and not in_memory:
            pool = {**pool, **SQLITE_READS}
        engine = create_async_engine(url, connect_args={"timeout": timeout}, **pool)
        begin = "BEGIN IMMEDIATE" if for_writes else None if "isolation_level" in pool else "BEGIN"
        _configure_sqlite(engine, begin=begin, busy_seconds=timeout)
        return engine
    # No pre-ping: on asyncpg it costs three round trips per request. A connection found
    # dead invalidates the whole pool instead, so only requests in flight then fail.
    connect_args = {
        "server_settings": _postgres_settings(timeout),
        "timeout": timeout,  # to connect
        "command_timeout": timeout,  # per statement, even when the server stops answering
    }
    return create_async_engine(url, connect_args=connect_args, pool_timeout=timeout, **POOL)


def _ensure_sqlite_dir(url: str) -> Path | None:
    """The database file's path, its folder created; None for an in-memory database."""
    path = url.split("///", 1)[-1] if "///" in url else ""
    if not path or path == ":memory:":
        return None
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return Path(path)


def _configure_sqlite(engine: AsyncEngine, *, begin: str | None, busy_seconds: float) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        # Take transaction control from the driver so we decide how BEGIN is issued.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if begin is None:
        return

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes fails at once with
        # "database is locked" when another writer got in first; a writer takes the
        # lock up front (BEGIN IMMEDIATE), which also makes it the expert's lock.
        conn.exec_driver_sql(begin)


class Database:
    """The engines and two session factories: for reads, and for requests that write."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = create_engine(settings)
        # PostgreSQL serves both from one pool; SQLite's writers get their own connection.
        self.write_engine = (
            create_engine(settings, for_writes=True) if settings.is_sqlite else self.engine
        )
        # Reads need no transaction: under READ COMMITTED each statement sees what was
        # committed before it either way, and BEGIN and COMMIT cost two round trips.
        reads = self.engine if settings.is_sqlite else self.engine.execution_options(**READ_ONLY)
        self.read_sessions = async_sessionmaker(reads, expire_on_commit=False)
        self.write_sessions = async_sessionmaker(self.write_engine, expire_on_commit=False)
        self._unavailable_since: float | None = None

    def report_unavailable(self, error: BaseException) -> None:
        """Log an outage once, however many requests meet it."""
        if self._unavailable_since is None:
            self._unavailable_since = time.monotonic()
            logger.error(
                "database unavailable (%s: %s); answering 503 until it is back",
                type(error).__name__,
                error,
            )

    def report_available(self) -> None:
        """Log the end of an outage, once."""
        if self._unavailable_since is not None:
            lasted = time.monotonic() - self._unavailable_since
            self._unavailable_since = None
            logger.warning("database available again after %.1f s", lasted)

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.write_engine is not self.engine:
            await self.write_engine.dispose()


def after_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run `callback` once the request's transaction has committed; a rollback drops it."""
    session.info.setdefault("after_commit", []).append(callback)


async def run_in_transaction(
    sessions: async_sessionmaker[AsyncSession], *, reads_only: bool = False
) -> AsyncIterator[AsyncSession]:
    """A session whose one transaction commits when the caller is done, or rolls back.

    `reads_only`: the session's statements commit one by one (READ_ONLY, SQLITE_READS), so
    there is nothing left to commit. A COMMIT would be one more trip to the connection, on
    SQLite a hop to its thread that cost a cached slots answer a fifth of its time."""
    async with sessions() as session:
        try:
            yield session
            if reads_only:
                await session.flush()  # nothing pending, unless a read path changed a row
            else:
                await session.commit()
        except BaseException:
            await session.rollback()
            raise
        for callback in session.info.pop("after_commit", []):
            await callback()


def _database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session: a writer for POST, PUT, PATCH and DELETE."""
    database = _database(request)
    reads_only = request.method in ("GET", "HEAD", "OPTIONS")
    sessions = database.read_sessions if reads_only else database.write_sessions
    async for session in run_in_transaction(sessions, reads_only=reads_only):
        yield session
    database.report_available()


async def get_read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for a request that changes nothing in the database, whatever its method."""
    database = _database(request)
    async for session in run_in_transaction(database.read_sessions, reads_only=True):
        yield session
    database.report_available()


# scope="function": commit before the response is sent, so a 201 means it is stored.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session, scope="function")]
