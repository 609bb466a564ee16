"""Real servers for tests that need sockets: in this process, or as `expertbook serve` processes."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from expertbook.config import Settings
from expertbook.main import create_asgi

ROOT = Path(__file__).resolve().parent.parent
# Cheap password hashes keep the suite fast: tests make hundreds of accounts. Production
# refuses these, and its own cost is tested on its own (tests/auth). As settings for the
# apps tests build, and as the environment of the servers they start.
CHEAP_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 32}
CHEAP_PASSWORD_HASHES = {f"EXPERTBOOK_{name.upper()}": str(v) for name, v in CHEAP_ARGON2.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class InProcessServer:
    """uvicorn serving the full app (Socket.IO included) on a free port, in this event loop."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        asgi = create_asgi(settings)
        self.app: FastAPI = asgi.other_asgi_app  # type: ignore[attr-defined]
        config = uvicorn.Config(
            asgi,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> "InProcessServer":
        self._task = asyncio.create_task(self.server.serve())
        while not self.server.started:
            await asyncio.sleep(0.02)
        return self

    async def __aexit__(self, *_: object) -> None:
        self.server.should_exit = True
        if self._task:
            await self._task


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy")


@contextmanager
def serve_processes(count: int, env: dict[str, str], data_dir: Path) -> Iterator[list[str]]:
    """`count` real `expertbook serve` processes sharing one database (and Redis, if given)."""
    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    base_env = {**os.environ, "EXPERTBOOK_ENV": "test", **CHEAP_PASSWORD_HASHES, **env}
    try:
        for index in range(count):
            port = free_port()
            log = (data_dir / f"serve-{index}.log").open("wb")
            process = subprocess.Popen(
                [sys.executable, "-m", "expertbook.cli", "serve", "--port", str(port),
                 *(["--no-migrate"] if index else [])],
                cwd=data_dir,
                env=base_env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            processes.append(process)
            url = f"http://127.0.0.1:{port}"
            wait_until_healthy(url, process)
            urls.append(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
