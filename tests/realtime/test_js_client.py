"""The official JavaScript client (the web app's socket.io-client) against a real server."""

import asyncio
import os
import shutil
from pathlib import Path

import httpx
import pytest

from tests.factories import at, future_day
from tests.live import ROOT, InProcessServer
from tests.realtime.sockets import account
from tests.services import services_required

FRONTEND = ROOT / "frontend"
SCRIPT = Path(__file__).with_name("js_client.mjs")


@pytest.fixture
def node() -> str:
    executable = shutil.which("node")
    if executable is None or not (FRONTEND / "node_modules" / "socket.io-client").is_dir():
        reason = "node and frontend/node_modules (make install) are needed for the JS client test"
        if services_required():
            pytest.fail(reason)
        pytest.skip(reason)
    return executable


async def run_client(node: str, url: str, token: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        node, str(SCRIPT), url, token,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "FRONTEND_DIR": str(FRONTEND)},
    )  # fmt: skip


class TestJavaScriptClient:
    async def test_receives_new_booking(
        self, node: str, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
        owner = await account(http, "js-owner@example.com", expert=True)
        process = await run_client(node, live.url, owner["token"])
        assert process.stdout is not None
        assert (
            await asyncio.wait_for(process.stdout.readline(), 10)
        ).decode().strip() == "connected"
        body = {
            "eventTypeId": owner["event"]["id"],
            "start": at(future_day(), 10),
            "name": "J",
            "email": "j@example.com",
        }
        booking = (await http.post("/api/bookings", json=body)).json()
        out, err = await asyncio.wait_for(process.communicate(), 15)
        assert out.decode().strip() == f"newBooking {booking['id']}", err.decode()
        assert process.returncode == 0

    async def test_forged_token_is_refused(self, node: str, live: InProcessServer) -> None:
        process = await run_client(node, live.url, "forged.token.value")
        out, err = await asyncio.wait_for(process.communicate(), 15)
        assert out.decode().startswith("refused"), err.decode()
