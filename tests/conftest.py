"""Every API test runs on SQLite and on a real PostgreSQL, each test on empty tables."""

import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from expertbook.config import ARGON2_MEMORY_KIB, ARGON2_TIME_COST, Settings
from expertbook.db import create_engine
from expertbook.main import create_app
from expertbook.migrations.runner import upgrade
from expertbook.models import Base
from tests.live import CHEAP_ARGON2, InProcessServer
from tests.services import throwaway_postgres

TEST_SECRET = "test-secret-key-that-is-long-enough"
OUTBOX_DIR = Path(tempfile.mkdtemp(prefix="expertbook-test-outbox-"))


def make_settings(database_url: str, **overrides: object) -> Settings:
    fields: dict[str, object] = {
        "env": "test",
        "database_url": database_url,
        "secret_key": TEST_SECRET,
        "frontend_dist": Path("frontend/dist-absent-in-api-tests"),
        **CHEAP_ARGON2,
        # Mail written by a running worker lands here, never in the project's ./data.
        "outbox_dir": OUTBOX_DIR,
    }
    return Settings(**(fields | overrides))  # type: ignore[arg-type]


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database per backend for the whole run."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        upgrade(url)
        yield url
        return
    with throwaway_postgres("api") as url:
        upgrade(url)
        yield url


@pytest.fixture
def backend(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgresql"


async def empty_tables(engine: AsyncEngine) -> None:
    # DELETE, children first, on both databases: on PostgreSQL a test's few rows go in 6 ms,
    # where TRUNCATE, which replaces every table's files, takes 50.
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[object]:
    application = create_app(settings)
    await empty_tables(application.state.database.engine)
    yield application
    await application.state.database.dispose()


@pytest.fixture
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """A separate engine on the test database, for checks behind the API's back."""
    separate = create_engine(settings)
    yield separate
    await separate.dispose()


@pytest.fixture
async def live(settings: Settings, engine: AsyncEngine) -> AsyncIterator[InProcessServer]:
    """The full app (Socket.IO included) served in this process, on empty tables."""
    await empty_tables(engine)
    async with InProcessServer(settings) as server:
        yield server


@pytest.fixture
async def http(live: InProcessServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.url) as client:
        yield client


@pytest.fixture
async def costly_client(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The API with production's password hashing cost."""
    settings = make_settings(
        database_url, argon2_time_cost=ARGON2_TIME_COST, argon2_memory_kib=ARGON2_MEMORY_KIB
    )
    app = create_app(settings)
    await empty_tables(app.state.database.engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await app.state.database.dispose()
