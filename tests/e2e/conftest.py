"""Browser tests: the built web app behind a real `expertbook serve`, in Debian's Chromium.

The server runs once per session on a free port with its own SQLite database; every test makes
its own users (unique emails and usernames), so tests never see each other's data.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import CHEAP_PASSWORD_HASHES
from tests.services import unavailable

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "frontend" / "dist"
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = os.environ.get("EXPERTBOOK_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            # A file's tests share one browser (module scope): under --dist loadgroup they
            # run in one worker, so each worker launches a file's browser once.
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_command() -> list[str]:
    script = Path(sys.executable).parent / "expertbook"
    if script.exists():
        return [str(script)]
    found = shutil.which("expertbook")
    if found:
        return [found]
    return [sys.executable, "-m", "expertbook.cli"]


@pytest.fixture(scope="session")
def e2e_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's data folder: its database, log and outbox."""
    return tmp_path_factory.mktemp("e2e-data")


@pytest.fixture(scope="session")
def live_server(e2e_data: Path) -> Iterator[str]:
    """`expertbook serve` with the built web app, on a free port; yields its base URL."""
    if not (DIST / "index.html").exists():
        unavailable(
            "The built web app (frontend/dist)",
            FileNotFoundError("run `make frontend` first"),
        )
    port = _free_port()
    data = e2e_data
    env = {
        **os.environ,
        "EXPERTBOOK_ENV": "development",
        "EXPERTBOOK_DATABASE_URL": f"sqlite+aiosqlite:///{data / 'e2e.db'}",
        "EXPERTBOOK_SECRET_KEY": "e2e-secret-key-that-is-long-enough-0123456789",
        "EXPERTBOOK_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "EXPERTBOOK_OUTBOX_DIR": str(data / "outbox"),
        "EXPERTBOOK_MEDIA_DIR": str(data / "media"),
        "EXPERTBOOK_WEBHOOKS_ALLOW_PRIVATE": "1",
        "EXPERTBOOK_CALENDARS_ALLOW_PRIVATE": "1",
        **CHEAP_PASSWORD_HASHES,
    }
    env.pop("EXPERTBOOK_REDIS_URL", None)
    log = (data / "server.log").open("w")
    process = subprocess.Popen(
        [*_server_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"expertbook serve exited: {(data / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("expertbook serve did not become healthy within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def outbox(live_server: str, e2e_data: Path) -> Path:
    """Where the server writes the emails it sends, one .eml file each (no SMTP here)."""
    return e2e_data / "outbox"


# Module scope: Playwright's sync API keeps an event loop running in this thread while it
# is open, which would break every async test that runs after the browser tests.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium at {CHROMIUM}", FileNotFoundError("apt-get install chromium"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def new_context(browser: Any, live_server: str) -> Iterator[Callable[..., Any]]:
    """Make browser contexts (separate people), closed after the test."""
    contexts: list[Any] = []

    def make(
        *,
        timezone_id: str = "Europe/Paris",
        width: int = 1280,
        height: int = 900,
        locale: str = "en-US",
        session: "Account | None" = None,
    ) -> Any:
        context = browser.new_context(
            base_url=live_server,
            viewport={"width": width, "height": height},
            timezone_id=timezone_id,
            locale=locale,
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        if session is not None:
            state = {"state": {"token": session.token, "user": session.user}, "version": 1}
            context.add_init_script(
                f"window.localStorage.setItem('expertbook-auth', {json.dumps(json.dumps(state))});"
            )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """Save a full-page screenshot under test-output/screenshots/<test>-<name>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    prefix = request.node.name.replace("[", "-").replace("]", "")

    def take(page: Any, name: str) -> Path:
        path = SHOTS / f"{prefix}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@dataclass
class Account:
    token: str
    user: dict[str, Any]
    email: str
    password: str


@dataclass
class ExpertSetup:
    account: Account
    username: str
    expert_id: str
    event_type: dict[str, Any]


# Times offered start at least this far ahead. With none, a test could pick a time that
# started during its own few seconds (once a half hour), and the server rightly refused it.
MIN_NOTICE_MINUTES = 10


class Api:
    """Arrange state through the HTTP API, so each browser test drives only what it is about."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=10)

    def register(self, name: str = "Test Person") -> Account:
        email = f"{uuid.uuid4().hex[:12]}@example.com"
        password = "correct horse battery"
        response = self.http.post(
            "/api/auth/register", json={"name": name, "email": email, "password": password}
        )
        response.raise_for_status()
        body = response.json()
        return Account(body["token"], body["user"], email, password)

    def expert(self, name: str = "Erin Expert", timezone: str = "Europe/Paris") -> ExpertSetup:
        account = self.register(name)
        username = f"exp-{uuid.uuid4().hex[:10]}"
        response = self.http.post(
            "/api/auth/become-expert",
            json={
                "username": username,
                "timezone": timezone,
                "headline": "Helps with hard problems",
            },
            headers=self.auth(account),
        )
        response.raise_for_status()
        body = response.json()
        account.user = body["user"]
        event_type = self.http.post(
            "/api/event-types",
            json={
                "title": "Intro call",
                "slug": "intro-call",
                "durationMinutes": 30,
                "minNoticeMinutes": MIN_NOTICE_MINUTES,
                "maxDaysAhead": 60,
                "location": {"kind": "google_meet"},
            },
            headers=self.auth(account),
        )
        event_type.raise_for_status()
        return ExpertSetup(account, username, body["expert"]["id"], event_type.json())

    def auth(self, account: Account) -> dict[str, str]:
        return {"Authorization": f"Bearer {account.token}"}

    def book(
        self, event_type_id: str, start: str, email: str = "other@example.com"
    ) -> httpx.Response:
        return self.http.post(
            "/api/bookings",
            json={
                "eventTypeId": event_type_id,
                "start": start,
                "name": "Someone Else",
                "email": email,
            },
        )


@pytest.fixture
def api(live_server: str) -> Iterator[Api]:
    client = Api(live_server)
    yield client
    client.http.close()


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the current page."""
    if not AXE.exists():
        unavailable(
            "axe-core (frontend/node_modules)", FileNotFoundError("run `npm ci` in frontend/")
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP (no inline script)
        # rightly refuses a script tag, as it would anyone else's.
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => {
            const r = await window.axe.run(document, {
              runOnly: {
                type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
              },
            });
            return r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]
