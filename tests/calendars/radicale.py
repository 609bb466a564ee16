"""A real CalDAV server for tests: Radicale on a free loopback port, in a throwaway folder."""

import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import caldav
import httpx

from tests.live import free_port


@dataclass(frozen=True)
class Account:
    """One Radicale user: a principal whose calendars nobody else sees."""

    url: str
    username: str
    password: str

    def client(self) -> caldav.DAVClient:
        return caldav.DAVClient(url=self.url, username=self.username, password=self.password)

    def make_calendar(self, name: str) -> Any:
        with self.client() as client:
            return client.principal().make_calendar(name=name, cal_id=uuid.uuid4().hex)


class Radicale:
    """`python -m radicale` with plain-text htpasswd users, stopped by `stop()`."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="expertbook-radicale-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.users = self.folder / "users"
        self.users.write_text("")
        config = self.folder / "config"
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {self.users}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {self.folder / 'collections'}\n"
            "[logging]\n"
            "level = warning\n"
        )
        self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"radicale exited with {self.process.returncode}")
            try:
                httpx.get(self.url, timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("radicale did not start")

    def account(self) -> Account:
        """A new user; Radicale reads the users file at each login."""
        username = f"user{uuid.uuid4().hex[:10]}"
        password = secrets.token_urlsafe(12)
        with self.users.open("a") as users:
            users.write(f"{username}:{password}\n")
        return Account(self.url, username, password)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
