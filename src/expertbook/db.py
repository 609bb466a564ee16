"""Engine, sessions and the one-transaction-per-request dependency."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
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
from sqlalchemy.orm import Session

from expertbook.config import Settings

AfterCommit = Callable[[], Awaitable[None]]
SQLITE_BUSY_TIMEOUT_SECONDS = 30
POSTGRES_LOCK_TIMEOUT = "5s"
POSTGRES_SETTINGS = {
    # No request waits long for a lock: contention answers fast (409), never hangs.
    "lock_timeout": POSTGRES_LOCK_TIMEOUT,
    # Every query here finds rows by key or by (expert, time) through an index, a plan
    # the values never change. Planned once per connection instead of per execution:
    # replanning the booking lookup cost PostgreSQL three times its execution.
    "plan_cache_mode": "force_generic_plan",
}


# Up to 30 connections a process, each opened when first needed and then kept: opening
# one (a thread and four PRAGMAs on SQLite, a login and a forked server process on
# PostgreSQL) costs more than a booking. No overflow beyond them: overflow connections
# are closed as soon as the pool is full again, and under steady load that meant
# dozens of logins a second (a quarter of the throughput); a request waits for a free
# connection instead. Mind PostgreSQL's max_connections when scaling out. LIFO: after
# a burst, the warm connections serve first.
POOL = {"pool_size": 30, "max_overflow": 0, "pool_use_lifo": True}


def create_engine(settings: Settings) -> AsyncEngine:
    url = settings.database_url
    if settings.is_sqlite:
        in_memory = _ensure_sqlite_dir(url) is None  # one shared connection, no pool to size
        engine = create_async_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            **({} if in_memory else POOL),
        )
        _configure_sqlite(engine)
        return engine
    # No pre-ping: on asyncpg it costs three round trips per request. A connection found
    # dead invalidates the whole pool instead, so only requests in flight then fail.
    return create_async_engine(
        url,
        connect_args={"server_settings": POSTGRES_SETTINGS},
        **POOL,
    )


def _ensure_sqlite_dir(url: str) -> Path | None:
    """The database file's path, its folder created; None for an in-memory database."""
    path = url.split("///", 1)[-1] if "///" in url else ""
    if not path or path == ":memory:":
        return None
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return Path(path)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        # Take transaction control from the driver so we decide how BEGIN is issued.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes fails at once with
        # "database is locked" when another writer got in first; writers take the
        # lock up front instead and wait their turn through the busy timeout.
        immediate = conn.get_execution_options().get("write_lock", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# Set in a session's info while its request runs statements on a connection of its own
# from the pool (kit/direct.py).
HOLDS_POOLED_CONNECTION = "holds_pooled_connection"


class RequestSession(Session):
    """A request's session: never a second pooled connection for one request."""


@event.listens_for(RequestSession, "after_begin")
def _refuse_second_connection(session: Session, *_: Any) -> None:
    # Requests each holding one connection and waiting for a second would, under load,
    # wait on each other until the pool's timeout.
    if session.info.get(HOLDS_POOLED_CONNECTION) is not None:
        raise RuntimeError("this request already holds a pooled connection: use its runner")


class Database:
    """The engine and two session factories: for reads, and for requests that write."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = create_engine(settings)
        self.read_sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=RequestSession
        )
        self.write_sessions = async_sessionmaker(
            self.engine.execution_options(write_lock=True),
            expire_on_commit=False,
            sync_session_class=RequestSession,
        )
        # SQLite lets one writer in at a time. Queueing this process's writers here, in
        # order, beats its busy handler, which sleeps and retries and so starves some
        # writers for seconds under load.
        self.writer_turns: AbstractAsyncContextManager[Any] = (
            asyncio.Lock() if settings.is_sqlite else nullcontext()
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def dispose(self) -> None:
        await self.engine.dispose()


def after_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run `callback` once the request's transaction has committed; a rollback drops it."""
    session.info.setdefault("after_commit", []).append(callback)


async def run_in_transaction(
    sessions: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
        for callback in session.info.pop("after_commit", []):
            await callback()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    database: Database = request.app.state.database
    if request.method in ("GET", "HEAD", "OPTIONS"):
        async for session in run_in_transaction(database.read_sessions):
            yield session
        return
    async with database.writer_turns:
        async for session in run_in_transaction(database.write_sessions):
            yield session


# scope="function": commit before the response is sent, so a 201 means it is stored.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
