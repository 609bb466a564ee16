"""Headers every answer carries, and no cache keeps personal API answers."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from expertbook.config import Settings
from expertbook.main import create_app
from tests.factories import at, book, event_type, expert, future_day


@pytest.fixture
async def web_client(settings: Settings, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    (tmp_path / "index.html").write_text("<!doctype html><title>ExpertBook</title>")
    app = create_app(settings.model_copy(update={"frontend_dist": tmp_path}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        yield http
    await app.state.database.dispose()


class TestSecurityHeaders:
    async def test_the_web_app_and_the_api(self, web_client: httpx.AsyncClient) -> None:
        for path in ("/", "/alice/intro", "/api/experts/nobody", "/healthz"):
            response = await web_client.get(path)
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["referrer-policy"] == "no-referrer"
            assert response.headers["x-frame-options"] == "SAMEORIGIN"
            policy = response.headers["content-security-policy"]
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy
            assert "frame-ancestors 'self'" in policy
            assert "strict-transport-security" not in response.headers  # not production

    async def test_personal_answers_are_not_stored(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 10))
        token = {"token": booking["manageToken"]}
        for path in (f"/api/bookings/{booking['id']}", f"/api/bookings/{booking['id']}/ics"):
            response = await client.get(path, params=token)
            assert response.status_code == 200
            assert response.headers["cache-control"] == "no-store"
        me = await client.get("/api/auth/me", headers=owner["headers"])
        assert me.headers["cache-control"] == "no-store"

    async def test_the_api_docs_may_load_their_scripts(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/docs")
        assert response.status_code == 200
        assert "content-security-policy" not in response.headers
        assert response.headers["x-content-type-options"] == "nosniff"

    async def test_production_asks_for_https(self, settings: Settings) -> None:
        production = settings.model_copy(update={"env": "production"})
        app = create_app(production)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://t") as http:
            response = await http.get("/api/experts/nobody")
        await app.state.database.dispose()
        assert response.headers["strict-transport-security"].startswith("max-age=31536000")
