"""The `expertbook` command as a newcomer runs it: migrate, demo, serve, stop; and `make`."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import httpx
import pytest

from expertbook.cli import local_url
from expertbook.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_USERNAME
from expertbook.main import create_app
from tests import factories
from tests.conftest import make_settings
from tests.factories import auth
from tests.observability.metrics_text import sample


def expertbook(*args: str, cwd: Path, database_url: str) -> str:
    env = {**os.environ, "EXPERTBOOK_ENV": "development", "EXPERTBOOK_DATABASE_URL": database_url}
    completed = subprocess.run(
        [sys.executable, "-m", "expertbook.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


class TestCommands:
    async def test_outbox_lists_waiting_mail_and_retries_one(self, tmp_path: Path) -> None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'outbox.db'}"
        expertbook("migrate", cwd=tmp_path, database_url=url)
        assert "Nothing waiting" in expertbook("outbox", cwd=tmp_path, database_url=url)
        # The demo's bookings queue their emails; no server runs to deliver them.
        expertbook("demo", cwd=tmp_path, database_url=url)
        listing = expertbook("outbox", cwd=tmp_path, database_url=url)
        lines = [line for line in listing.splitlines() if "booking.created" in line]
        assert lines and all("pending" in line for line in lines)
        message_id = lines[0].split()[0]
        retried = expertbook("outbox", "--retry", message_id, cwd=tmp_path, database_url=url)
        assert f"Message {message_id} is due now" in retried

    async def test_migrate_then_demo_gives_a_populated_app(self, tmp_path: Path) -> None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'demo.db'}"
        assert "up to date" in expertbook("migrate", cwd=tmp_path, database_url=url)
        first = expertbook("demo", cwd=tmp_path, database_url=url)
        assert f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in first
        assert f"/{DEMO_USERNAME}" in first
        expertbook("demo", cwd=tmp_path, database_url=url)  # a second run adds nothing
        # Development keeps its generated secret in ./data, beside the database.
        assert (tmp_path / "data" / "secret_key").is_file()

        app = create_app(make_settings(url))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            profile = (await http.get(f"/api/experts/{DEMO_USERNAME}")).json()
            assert [e["slug"] for e in profile["eventTypes"]] == [
                "intro",
                "strategy",
                "review",
                "workshop",
            ]
            login = await http.post(
                "/api/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
            )
            assert login.status_code == 200
            bookings = await http.get(
                "/api/bookings?role=expert", headers=auth(login.json()["token"])
            )
            assert bookings.json()["total"] == 2
        await app.state.database.dispose()


def serve_env(database_url: str) -> dict[str, str]:
    """The environment of a newcomer's shell: no public URL set, a throwaway database."""
    env = {**os.environ, "EXPERTBOOK_ENV": "development", "EXPERTBOOK_DATABASE_URL": database_url}
    for name in ("EXPERTBOOK_PUBLIC_URL", "EXPERTBOOK_REDIS_URL"):
        env.pop(name, None)
    return env


class Served:
    """`expertbook serve` in a subprocess, its output in a file read after it ends."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "serve.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "expertbook.cli", "serve", "--port", str(self.port)],
                cwd=workdir,
                env=serve_env(f"sqlite+aiosqlite:///{workdir / 'data' / 'serve.db'}"),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    async def ready(self) -> None:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as http:
            while True:
                assert self.process.poll() is None, self.log_path.read_text()
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get("/healthz")).status_code == 200:
                        return
                assert time.monotonic() < deadline, self.log_path.read_text()
                await anyio.sleep(0.1)

    def stop(self, signum: int = signal.SIGINT) -> tuple[int, str]:
        """Send the signal; the exit code and everything the server printed."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return code, self.log_path.read_text()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    server = Served(tmp_path)
    try:
        await server.ready()
        yield server
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


class TestServe:
    async def test_calendar_links_name_the_port_it_serves_on(self, served: Served) -> None:
        async with httpx.AsyncClient(base_url=served.url, timeout=10) as http:
            owner = await factories.expert(http)
            event = await factories.event_type(http, owner)
            booking = await factories.book(http, event, factories.at(factories.future_day(), 10))
            ics = await http.get(
                f"/api/bookings/{booking['id']}/ics", params={"token": booking["manageToken"]}
            )
        assert ics.status_code == 200
        unfolded = ics.text.replace("\r\n ", "")  # iCalendar folds lines at 75 octets
        assert f"{served.url}/bookings/{booking['id']}" in unfolded

    async def test_each_request_prints_one_line(self, served: Served) -> None:
        async with httpx.AsyncClient(base_url=served.url) as http:
            await http.get("/api/experts/nobody-here")
        _, output = served.stop()
        [line] = [line for line in output.splitlines() if "/api/experts/nobody-here" in line]
        assert '"GET /api/experts/nobody-here" 404' in line
        assert "route=/api/experts/{id_or_username}" in line
        assert "request_id=" in line

    @pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
    async def test_stopping_it_is_a_clean_exit(self, served: Served, signum: int) -> None:
        code, output = served.stop(signum)
        assert code == 0, output
        assert "Traceback" not in output
        assert "Aborted" not in output
        assert "Finished server process" in output


@pytest.mark.serial
class TestWorkers:
    async def test_two_workers_come_up_while_the_cpus_are_busy(self, tmp_path: Path) -> None:
        # Three busy loops per CPU: a load like the one under which uvicorn's supervisor
        # killed every worker before it could answer its health check. Start-up takes
        # about 20 s then; the bound leaves room for neighbours loading the machine too.
        with cpu_burners(3 * (os.cpu_count() or 1)):
            port = free_port()
            process = serve_workers(tmp_path, port, workers=2)
            try:
                answered = await healthz_within(f"http://127.0.0.1:{port}", process, seconds=180)
            finally:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        output = (tmp_path / "serve.log").read_text()
        assert answered, output
        assert "died" not in output, output


def serve_workers(workdir: Path, port: int, *, workers: int, **env: str) -> subprocess.Popen[bytes]:
    with (workdir / "serve.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "expertbook.cli", "serve", "--port", str(port),
             "--workers", str(workers)],
            cwd=workdir,
            env=serve_env(f"sqlite+aiosqlite:///{workdir / 'data' / 'serve.db'}") | env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


class TestMetricsAcrossWorkers:
    async def test_a_scrape_adds_up_every_workers_requests(self, tmp_path: Path) -> None:
        port = free_port()
        temp = tmp_path / "tmp"
        temp.mkdir()
        process = serve_workers(tmp_path, port, workers=2, TMPDIR=str(temp))
        url = f"http://127.0.0.1:{port}"
        try:
            assert await healthz_within(url, process, seconds=60), _log(tmp_path)
            # A fresh connection per request: the kernel spreads them over both workers.
            for _ in range(20):
                async with httpx.AsyncClient(base_url=url) as http:
                    await http.get("/api/experts/nobody-here")
            async with httpx.AsyncClient(base_url=url) as http:
                text = (await http.get("/metrics")).text
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
        labels = {"method": "GET", "route": "/api/experts/{id_or_username}", "status": "404"}
        assert sample(text, "expertbook_http_requests_total", **labels) == 20
        # The workers wrote into a directory of their own, removed when the server stopped.
        assert list(temp.iterdir()) == []


def _log(workdir: Path) -> str:
    return (workdir / "serve.log").read_text()


@contextlib.contextmanager
def cpu_burners(count: int) -> Iterator[None]:
    """`count` processes spinning on a CPU; each stops by itself after two minutes too."""
    spin = "import time\nend = time.monotonic() + 120\nwhile time.monotonic() < end: pass"
    burners = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(count)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
        for burner in burners:
            burner.wait()


async def healthz_within(url: str, process: subprocess.Popen[bytes], *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=url, timeout=2) as http:
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get("/healthz")).status_code == 200:
                    return True
            await anyio.sleep(0.2)
    return False


class TestPublicUrl:
    @pytest.mark.parametrize(
        ("host", "port", "url"),
        [
            ("127.0.0.1", 8123, "http://127.0.0.1:8123"),
            ("0.0.0.0", 80, "http://127.0.0.1:80"),
            ("::", 8000, "http://127.0.0.1:8000"),
            ("::1", 9000, "http://[::1]:9000"),
            ("localhost", 8123, "http://localhost:8123"),
        ],
    )
    def test_derived_from_host_and_port(self, host: str, port: int, url: str) -> None:
        assert local_url(host, port) == url

    def test_demo_links_name_the_port(self, tmp_path: Path) -> None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'demo.db'}"
        output = expertbook("demo", "--port", "8123", cwd=tmp_path, database_url=url)
        assert f"Public page: http://127.0.0.1:8123/{DEMO_USERNAME}" in output

    def test_a_set_public_url_wins(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("EXPERTBOOK_PUBLIC_URL", "https://book.example.com")
        url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'demo.db'}"
        output = expertbook("demo", "--port", "8123", cwd=tmp_path, database_url=url)
        assert f"Public page: https://book.example.com/{DEMO_USERNAME}" in output


class TestMakefile:
    def test_demo_needs_only_the_python_side(self) -> None:
        commands = make_dry_run("demo", "PORT=8123")
        assert "npm" not in commands
        assert "expertbook demo --host 127.0.0.1 --port 8123" in commands

    def test_run_hands_the_terminal_to_the_server(self) -> None:
        commands = make_dry_run("run", "PORT=8123")
        assert "exec .venv/bin/expertbook serve --host 127.0.0.1 --port 8123" in commands


def make_dry_run(*args: str) -> str:
    """The commands `make` would run, without running them."""
    root = Path(__file__).resolve().parent.parent
    completed = subprocess.run(
        ["make", "--dry-run", "--always-make", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout
