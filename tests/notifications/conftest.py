"""The app with a real SMTP server and its outbox worker driven by hand, clock included."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from expertbook.main import create_app
from expertbook.outbox.worker import OutboxWorker
from tests.conftest import empty_tables, make_settings
from tests.notifications.receivers import HttpReceiver, SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
async def receiver() -> AsyncIterator[HttpReceiver]:
    server = await HttpReceiver().start()
    yield server
    await server.stop()


def notifying_app(database_url: str, **overrides: Any) -> FastAPI:
    fields: dict[str, Any] = {"outbox_worker": False, "webhooks_allow_private": True}
    settings = make_settings(database_url, **(fields | overrides))
    return create_app(settings)


@pytest.fixture
async def mail_app(database_url: str, smtp: SmtpServer) -> AsyncIterator[FastAPI]:
    app = notifying_app(database_url, smtp_url=smtp.url)
    await empty_tables(app.state.database.engine)
    yield app
    await app.state.database.dispose()


@pytest.fixture
async def api(mail_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=mail_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def worker(mail_app: FastAPI) -> OutboxWorker:
    found: OutboxWorker = mail_app.state.outbox_worker
    return found
