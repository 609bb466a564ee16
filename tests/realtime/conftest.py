"""A real server in this process for the Socket.IO tests, on empty tables."""

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.conftest import empty_tables
from tests.live import InProcessServer


@pytest.fixture
async def live(settings, engine) -> AsyncIterator[InProcessServer]:  # type: ignore[no-untyped-def]
    await empty_tables(engine)
    async with InProcessServer(settings) as server:
        yield server


@pytest.fixture
async def http(live: InProcessServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.url) as client:
        yield client
