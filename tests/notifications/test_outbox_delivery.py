"""Delivery survives failures: a dead SMTP server, a killed worker, several workers."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from expertbook.db import Database
from expertbook.kit.time import utcnow
from expertbook.models import OutboxMessage, OutboxStatus
from expertbook.outbox.admin import list_lines, retry_message
from expertbook.outbox.worker import OutboxWorker
from tests import factories
from tests.conftest import empty_tables
from tests.live import CHEAP_PASSWORD_HASHES, free_port, wait_until_healthy
from tests.notifications.conftest import notifying_app
from tests.notifications.receivers import SmtpServer


async def make_bookings(app: FastAPI, count: int) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
        expert = await factories.expert(api)
        event = await factories.event_type(api, expert, reminderMinutes=[])
        day = factories.future_day(3)
        for index in range(count):
            await factories.book(
                api, event, factories.at(day, index % 24), email=f"g{index}@example.com"
            )


async def outbox_rows(database: Database) -> list[OutboxMessage]:
    async with database.read_sessions() as session:
        return list(await session.scalars(select(OutboxMessage)))


def start_server(port: int, env: dict[str, str], folder: Path) -> "subprocess.Popen[bytes]":
    log = (folder / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "expertbook.cli", "serve", "--port", str(port), "--no-migrate"],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_healthy(f"http://127.0.0.1:{port}", server)
    return server


async def count_sent(database: Database) -> int:
    return sum(row.status == OutboxStatus.SENT for row in await outbox_rows(database))


def assert_each_once(smtp: SmtpServer, expected: int) -> None:
    ids = smtp.message_ids()
    assert len(ids) == expected
    assert len(set(ids)) == expected, "no message delivered twice"


class TestDeliveryFailures:
    async def test_smtp_down_is_retried_later_and_delivered_once(self, database_url: str) -> None:
        smtp = SmtpServer()  # not started yet: connections are refused
        app = notifying_app(database_url, smtp_url=smtp.url)
        await empty_tables(app.state.database.engine)
        worker: OutboxWorker = app.state.outbox_worker
        try:
            await make_bookings(app, 1)
            now = utcnow()
            await worker.drain(now)
            rows = await outbox_rows(app.state.database)
            assert {(row.status, row.attempts) for row in rows} == {(OutboxStatus.PENDING, 1)}
            assert all(row.last_error and "Connect" in row.last_error for row in rows)
            assert all(row.next_attempt_at > now for row in rows)

            smtp.start()
            await worker.drain(now)  # not due again yet: backoff
            assert smtp.received == []
            await worker.drain(now + timedelta(seconds=16))
            await worker.drain(now + timedelta(hours=2))
            assert_each_once(smtp, 2)
            rows = await outbox_rows(app.state.database)
            assert {row.status for row in rows} == {OutboxStatus.SENT}
        finally:
            smtp.stop()
            await app.state.database.dispose()

    async def test_after_the_last_attempt_it_fails_and_an_operator_can_retry_it(
        self, database_url: str
    ) -> None:
        smtp = SmtpServer()
        app = notifying_app(database_url, smtp_url=smtp.url, outbox_max_attempts=2)
        await empty_tables(app.state.database.engine)
        worker: OutboxWorker = app.state.outbox_worker
        try:
            await make_bookings(app, 1)
            now = utcnow()
            await worker.drain(now)
            await worker.drain(now + timedelta(minutes=1))
            rows = await outbox_rows(app.state.database)
            assert {row.status for row in rows} == {OutboxStatus.FAILED}
            listing = "\n".join(await list_lines(app.state.settings))
            assert all(str(row.id) in listing for row in rows)
            assert "failed" in listing

            smtp.start()
            assert await retry_message(app.state.settings, str(rows[0].id))
            assert not await retry_message(app.state.settings, "not-an-id")
            await worker.drain()
            assert len(smtp.received) == 1
        finally:
            smtp.stop()
            await app.state.database.dispose()

    async def test_two_workers_at_once_never_send_a_message_twice(
        self, database_url: str, smtp: SmtpServer
    ) -> None:
        app = notifying_app(database_url, smtp_url=smtp.url)
        await empty_tables(app.state.database.engine)
        await make_bookings(app, 15)
        # A second instance: its own engines and connections on the same database.
        other = notifying_app(database_url, smtp_url=smtp.url)
        try:
            await asyncio.gather(app.state.outbox_worker.drain(), other.state.outbox_worker.drain())
            assert_each_once(smtp, 30)
        finally:
            await app.state.database.dispose()
            await other.state.database.dispose()


class TestKilledWorker:
    async def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(
        self, database_url: str, tmp_path: Path
    ) -> None:
        smtp = SmtpServer(delay=0.5).start()
        app = notifying_app(database_url, smtp_url=smtp.url, outbox_lease_seconds=2)
        await empty_tables(app.state.database.engine)
        try:
            await make_bookings(app, 10)
            # A real server process delivers them, slowly, until it is killed.
            port = free_port()
            env = {
                **os.environ,
                "EXPERTBOOK_ENV": "test",
                "EXPERTBOOK_DATABASE_URL": database_url,
                "EXPERTBOOK_SECRET_KEY": "test-secret-key-that-is-long-enough",
                "EXPERTBOOK_SMTP_URL": smtp.url,
                "EXPERTBOOK_OUTBOX_LEASE_SECONDS": "2",
                **CHEAP_PASSWORD_HASHES,
            }
            server = await asyncio.to_thread(start_server, port, env, tmp_path)
            try:
                # Killed once four messages went out and were recorded, while the next
                # one waits on the slow server. (Killed between a server's acceptance
                # and its record, a message would go out again, with the same
                # Message-ID: SMTP offers no way to make the two one step.)
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    sent = await count_sent(app.state.database)
                    if sent >= 4 and len(smtp.received) == sent:
                        break
                    await asyncio.sleep(0.01)
            finally:
                server.send_signal(signal.SIGKILL)
                await asyncio.to_thread(server.wait)
            delivered_before = len(smtp.received)
            assert 4 <= delivered_before < 20, "killed in the middle of the batch"

            # Once the dead worker's claims run out, another worker delivers the rest.
            smtp.delay = 0
            worker: OutboxWorker = app.state.outbox_worker
            await worker.drain(utcnow() + timedelta(seconds=3))
            assert_each_once(smtp, 20)
        finally:
            smtp.stop()
            await app.state.database.dispose()


@pytest.mark.parametrize("status", [OutboxStatus.SENT])
async def test_the_backlog_counts_waiting_messages(
    database_url: str, smtp: SmtpServer, status: OutboxStatus
) -> None:
    from expertbook.outbox.store import backlog

    app = notifying_app(database_url, smtp_url=smtp.url)
    await empty_tables(app.state.database.engine)
    try:
        await make_bookings(app, 2)
        async with app.state.database.read_sessions() as session:
            assert await backlog(session) == 4
        await app.state.outbox_worker.drain()
        async with app.state.database.read_sessions() as session:
            assert await backlog(session) == 0
        assert {row.status for row in await outbox_rows(app.state.database)} == {status}
    finally:
        await app.state.database.dispose()


async def test_delivered_history_is_forgotten_after_the_retention(
    database_url: str, smtp: SmtpServer
) -> None:
    app = notifying_app(database_url, smtp_url=smtp.url, outbox_retention_days=30)
    await empty_tables(app.state.database.engine)
    worker: OutboxWorker = app.state.outbox_worker
    try:
        await make_bookings(app, 1)
        await worker.drain()
        assert await worker.prune() == 0
        assert await worker.prune(utcnow() + timedelta(days=31)) == 2
        assert await outbox_rows(app.state.database) == []
    finally:
        await app.state.database.dispose()
