"""The embed: the script other sites load, the one framable page, and the expert's list of
sites that may frame it."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from expertbook.config import Settings
from expertbook.main import create_app
from tests import factories
from tests.auth.test_accounts import assert_error
from tests.conftest import empty_tables

INDEX = b"<!doctype html><title>ExpertBook</title>"


def frame_ancestors(response: httpx.Response) -> str:
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    return directives["frame-ancestors"]


@pytest.fixture
async def web_app(settings: Settings, tmp_path: Path) -> AsyncIterator[FastAPI]:
    """The app with a built web app (a one-line index.html), on both databases."""
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "index.html").write_bytes(INDEX)
    application = create_app(settings.model_copy(update={"frontend_dist": tmp_path / "dist"}))
    await empty_tables(application.state.database.engine)
    yield application
    await application.state.database.dispose()


@pytest.fixture
async def web(web_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=web_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def set_origins(
    client: httpx.AsyncClient, owner: dict[str, object], origins: object
) -> httpx.Response:
    headers = owner["headers"]
    assert isinstance(headers, dict)
    return await client.patch("/api/experts/me", json={"embedOrigins": origins}, headers=headers)


class TestEmbedScript:
    async def test_is_served_as_javascript_cached_for_minutes(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/embed.js")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/javascript")
        assert response.headers["cache-control"] == "public, max-age=300"
        assert "data-expertbook" in response.text
        assert "event.origin !== ORIGIN" in response.text
        assert len(response.content) < 8_000


class TestEmbedPage:
    async def test_any_site_may_frame_it_by_default(self, web: httpx.AsyncClient) -> None:
        owner = await factories.expert(web, username="alice")
        assert owner
        for path in ("/embed/alice", "/embed/alice/intro", "/embed/ALICE/intro?origin=x"):
            response = await web.get(path)
            assert response.status_code == 200, path
            assert response.content == INDEX
            assert frame_ancestors(response) == "*"
            assert "x-frame-options" not in response.headers
            assert "script-src 'self'" in response.headers["content-security-policy"]

    async def test_only_the_listed_sites_may_frame_it(self, web: httpx.AsyncClient) -> None:
        owner = await factories.expert(web, username="alice")
        await set_origins(web, owner, ["https://alice.example", "http://localhost:8080"])
        response = await web.get("/embed/alice/intro")
        assert frame_ancestors(response) == "'self' https://alice.example http://localhost:8080"
        assert "x-frame-options" not in response.headers
        await set_origins(web, owner, [])
        assert frame_ancestors(await web.get("/embed/alice")) == "'self'"

    async def test_the_confirmation_follows_the_expert_of_its_booking(
        self, web: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(web, username="alice")
        await set_origins(web, owner, ["https://alice.example"])
        event = await factories.event_type(web, owner)
        booking = await factories.book(web, event, factories.at(factories.future_day(), 10))
        response = await web.get(f"/embed/bookings/{booking['id']}")
        assert frame_ancestors(response) == "'self' https://alice.example"

    @pytest.mark.parametrize("path", ["/embed/nobody-here", "/embed/bookings/not-an-id", "/embed/"])
    async def test_no_expert_no_other_site(self, web: httpx.AsyncClient, path: str) -> None:
        response = await web.get(path)
        assert response.status_code == 200
        assert frame_ancestors(response) == "'self'"

    async def test_every_other_page_stays_unframable(self, web: httpx.AsyncClient) -> None:
        await factories.expert(web, username="alice")
        for path in ("/", "/alice", "/alice/intro", "/embed", "/embedded/alice", "/healthz",
                     "/api/experts/alice"):  # fmt: skip
            response = await web.get(path)
            assert response.headers["x-frame-options"] == "SAMEORIGIN", path
            assert frame_ancestors(response) == "'self'", path

    async def test_answers_404_when_the_web_app_is_not_built(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/embed/alice")
        assert_error(response, 404, "not_found")
        assert frame_ancestors(response) == "'self'"


class TestEmbedOrigins:
    async def test_defaults_to_any_site_and_is_read_and_changed_by_the_expert(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        me = await client.get("/api/experts/me", headers=owner["headers"])
        assert me.status_code == 200
        assert me.json()["embedOrigins"] == ["*"]
        response = await set_origins(
            client, owner, ["https://Alice.example/", "http://[::1]:3000", "https://alice.example"]
        )
        assert response.status_code == 200, response.text
        assert response.json()["embedOrigins"] == ["https://alice.example", "http://[::1]:3000"]
        me = await client.get("/api/experts/me", headers=owner["headers"])
        assert me.json()["embedOrigins"] == ["https://alice.example", "http://[::1]:3000"]
        # Other edits leave the list alone.
        await client.patch("/api/experts/me", json={"bio": "Hi"}, headers=owner["headers"])
        me = await client.get("/api/experts/me", headers=owner["headers"])
        assert me.json()["embedOrigins"] == ["https://alice.example", "http://[::1]:3000"]

    @pytest.mark.parametrize(
        "origins",
        [
            ["alice.example"],
            ["https://alice.example/booking"],
            ["https://alice.example?x=1"],
            ["ftp://alice.example"],
            ["https://user@alice.example"],
            ["https://alice.example:99999"],
            ["https://alice.example; script-src *"],
            ["https://alice example"],
            ["*", "https://alice.example"],
            [""],
            "https://alice.example",
            [f"https://site{n}.example" for n in range(21)],
        ],
    )
    async def test_anything_but_origins_is_422(
        self, client: httpx.AsyncClient, origins: object
    ) -> None:
        owner = await factories.expert(client)
        error = assert_error(await set_origins(client, owner, origins), 422, "validation_error")
        assert "regex" not in str(error).lower()
        me = await client.get("/api/experts/me", headers=owner["headers"])
        assert me.json()["embedOrigins"] == ["*"]

    async def test_only_the_expert_reads_them(self, client: httpx.AsyncClient) -> None:
        user = await factories.register(client)
        assert_error(await client.get("/api/experts/me", headers=user["headers"]), 403,
                     "not_an_expert")  # fmt: skip
        assert_error(await client.get("/api/experts/me"), 401, "unauthorized")
        owner = await factories.expert(client, username="alice")
        public = (await client.get("/api/experts/alice")).json()
        assert owner and "embedOrigins" not in public
