"""Personal API keys: shown once, stored as a hash, held to their scopes on every route,
revoked at once, rate limited per key."""

import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from expertbook.api_keys.scopes import EXTENSION, SCOPES
from expertbook.main import create_app
from expertbook.models import ApiKey
from tests import factories
from tests.conftest import empty_tables, make_settings
from tests.services import require_redis
from tests.test_secure_by_default import PUBLIC


async def make_key(
    api: httpx.AsyncClient, owner: dict[str, Any], scopes: list[str], **extra: Any
) -> str:
    response = await api.post(
        "/api/api-keys",
        json={"name": "script", "scopes": scopes, **extra},
        headers=owner["headers"],
    )
    assert response.status_code == 201, response.text
    key: str = response.json()["key"]
    return key


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


class TestKeys:
    async def test_shown_once_listed_without_the_key_and_stored_as_a_hash(
        self, client: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        owner = await factories.expert(client)
        key = await make_key(client, owner, ["bookings:read"])
        assert key.startswith("eb_") and len(key) > 40
        listed = (await client.get("/api/api-keys", headers=owner["headers"])).json()
        assert [item["prefix"] for item in listed] == [key[:10]]
        assert "key" not in listed[0] and listed[0]["scopes"] == ["bookings:read"]
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT * FROM api_keys"))).all()
        assert len(rows) == 1 and all(key not in str(value) for value in rows[0])

    async def test_a_read_only_key_lists_bookings_and_nothing_more(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        await factories.book(client, event, factories.at(factories.future_day(3), 10))
        key = await make_key(client, owner, ["bookings:read"])
        listed = await client.get("/api/bookings?role=expert", headers=bearer(key))
        assert listed.status_code == 200 and listed.json()["total"] == 1
        assert listed.headers["RateLimit-Limit"] == "120"
        for method, path, body in (
            ("POST", "/api/event-types", {"title": "T", "slug": "t", "durationMinutes": 30}),
            ("POST", "/api/api-keys", {"name": "more", "scopes": ["bookings:read"]}),
            ("PUT", "/api/auth/me/password", {"currentPassword": "x" * 8, "newPassword": "y" * 8}),
            ("GET", "/api/auth/me", None),
        ):
            response = await client.request(method, path, json=body, headers=bearer(key))
            assert response.status_code == 403, (method, path)
            assert response.json()["error"]["code"] == "insufficient_scope"

    async def test_revoked_and_expired_keys_stop_at_once(
        self, client: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        owner = await factories.expert(client)
        key = await make_key(client, owner, ["bookings:read"])
        [listed] = (await client.get("/api/api-keys", headers=owner["headers"])).json()
        assert (await client.get("/api/bookings", headers=bearer(key))).status_code == 200
        revoked = await client.delete(f"/api/api-keys/{listed['id']}", headers=owner["headers"])
        assert revoked.status_code == 204
        after = await client.get("/api/bookings", headers=bearer(key))
        assert after.status_code == 401 and after.json()["error"]["code"] == "invalid_api_key"

        soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        expiring = await make_key(client, owner, ["bookings:read"], expiresAt=soon)
        async with engine.begin() as connection:
            await connection.execute(
                ApiKey.__table__.update().values(expires_at=datetime.now(UTC) - timedelta(1))
            )
        expired = await client.get("/api/bookings", headers=bearer(expiring))
        assert expired.status_code == 401
        made_up = await client.get("/api/bookings", headers=bearer("eb_made-up"))
        assert made_up.status_code == 401

    async def test_last_use_is_recorded(
        self, client: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        owner = await factories.expert(client)
        key = await make_key(client, owner, ["event-types:read"])
        assert (await client.get("/api/event-types", headers=bearer(key))).status_code == 200
        async with engine.connect() as connection:
            used = (await connection.execute(select(ApiKey.last_used_at))).scalar_one()
        assert used is not None


def error_code(response: httpx.Response) -> str | None:
    """The error envelope's code; None for any other answer (a list, a file, no body)."""
    if not response.headers.get("content-type", "").startswith("application/json"):
        return None
    body = response.json()
    return body["error"]["code"] if isinstance(body, dict) and "error" in body else None


class TestScopesOnEveryRoute:
    async def test_every_operation_asks_its_scope_or_refuses_keys(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        every_scope = await make_key(client, owner, list(SCOPES))
        scoped = 0
        for template, operations in app.openapi()["paths"].items():
            path = re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), template)
            for method, operation in operations.items():
                needed = operation.get(EXTENSION)
                response = await client.request(
                    method.upper(), path, json={}, headers=bearer(every_scope)
                )
                code = error_code(response)
                operation_id = operation["operationId"]
                if needed is None and operation_id not in PUBLIC:
                    assert (response.status_code, code) == (403, "insufficient_scope"), operation_id
                    continue
                if needed is None:
                    continue
                scoped += 1
                assert code != "insufficient_scope", operation_id
                others = [scope for scope in SCOPES if scope != needed]
                lacking = await make_key(client, owner, others)
                refused = await client.request(
                    method.upper(), path, json={}, headers=bearer(lacking)
                )
                assert refused.status_code == 403, operation_id
                assert refused.json()["error"]["code"] == "insufficient_scope"
                assert needed in refused.json()["error"]["message"]
                listed = (await client.get("/api/api-keys", headers=owner["headers"])).json()
                await client.delete(f"/api/api-keys/{listed[-1]['id']}", headers=owner["headers"])
        assert scoped >= 15


@pytest.fixture
async def limited(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(database_url, api_key_calls_per_minute=3))
    await empty_tables(app.state.database.engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
        yield api
    await app.state.database.dispose()


class TestRateLimit:
    async def test_a_key_past_its_rate_gets_429_with_the_headers(
        self, limited: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(limited)
        key = await make_key(limited, owner, ["bookings:read"])
        other = await make_key(limited, owner, ["bookings:read"])
        remaining = []
        for _ in range(3):
            response = await limited.get("/api/bookings", headers=bearer(key))
            assert response.status_code == 200
            remaining.append(response.headers["RateLimit-Remaining"])
        assert remaining == ["2", "1", "0"]
        refused = await limited.get("/api/bookings", headers=bearer(key))
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.headers["RateLimit-Remaining"] == "0"
        # Per key: another key of the same user is not affected.
        assert (await limited.get("/api/bookings", headers=bearer(other))).status_code == 200

    async def test_instances_share_the_count_through_redis(self, database_url: str) -> None:
        settings = make_settings(
            database_url, api_key_calls_per_minute=2, redis_url=require_redis()
        )
        first, second = create_app(settings), create_app(settings)
        await empty_tables(first.state.database.engine)
        try:
            one = httpx.AsyncClient(transport=httpx.ASGITransport(app=first), base_url="http://t")
            two = httpx.AsyncClient(transport=httpx.ASGITransport(app=second), base_url="http://t")
            async with one, two:
                owner = await factories.expert(one)
                key = await make_key(one, owner, ["bookings:read"])
                assert (await one.get("/api/bookings", headers=bearer(key))).status_code == 200
                assert (await two.get("/api/bookings", headers=bearer(key))).status_code == 200
                assert (await one.get("/api/bookings", headers=bearer(key))).status_code == 429
        finally:
            for app in (first, second):
                await app.state.api_key_rate_limit.close()
                await app.state.database.dispose()
