"""The `expertbook` command as a newcomer runs it: migrate, then demo (twice), then use it."""

import os
import subprocess
import sys
from pathlib import Path

import httpx

from expertbook.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_USERNAME
from expertbook.main import create_app
from tests.conftest import make_settings
from tests.factories import auth


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
            assert [e["slug"] for e in profile["eventTypes"]] == ["intro", "strategy", "review"]
            login = await http.post(
                "/api/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
            )
            assert login.status_code == 200
            bookings = await http.get(
                "/api/bookings?role=expert", headers=auth(login.json()["token"])
            )
            assert bookings.json()["total"] == 2
        await app.state.database.dispose()
