"""Login throttling that slows an attacker without locking the owner out, on every instance."""

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pytest

from expertbook.config import Settings
from expertbook.main import create_app
from tests.auth.test_accounts import assert_error
from tests.factories import PASSWORD, register
from tests.services import require_redis

ClientAt = Callable[[str], AbstractAsyncContextManager[httpx.AsyncClient]]


def clients_of(settings: Settings) -> ClientAt:
    """Clients of one app instance, each from its own address."""
    app = create_app(settings)

    @asynccontextmanager
    async def at(address: str) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client

    return at


def an_address() -> str:
    return f"198.51.100.{uuid.uuid4().int % 250 + 1}-{uuid.uuid4().hex[:6]}"


async def fail_five_times(client: httpx.AsyncClient, email: str) -> None:
    body = {"email": email, "password": "not-the-password"}
    for _ in range(5):
        assert_error(await client.post("/api/auth/login", json=body), 401, "invalid_credentials")


class TestThrottle:
    async def test_the_owner_still_logs_in_from_another_address(self, settings: Settings) -> None:
        at = clients_of(settings)
        attacker, owner = an_address(), an_address()
        async with at(attacker) as client:
            email = (await register(client))["user"]["email"]
            await fail_five_times(client, email)
            right = await client.post(
                "/api/auth/login", json={"email": email, "password": PASSWORD}
            )
            assert_error(right, 429, "too_many_attempts")
        async with at(owner) as client:
            right = await client.post(
                "/api/auth/login", json={"email": email, "password": PASSWORD}
            )
            assert right.status_code == 200, right.text

    @pytest.mark.redis
    async def test_instances_share_their_counts_through_redis(self, settings: Settings) -> None:
        shared = settings.model_copy(update={"redis_url": require_redis()})
        first, second = clients_of(shared), clients_of(shared)
        address = an_address()
        async with first(address) as client:
            email = (await register(client))["user"]["email"]
            await fail_five_times(client, email)
        async with second(address) as client:
            body = {"email": email, "password": PASSWORD}
            refused = await client.post("/api/auth/login", json=body)
            assert_error(refused, 429, "too_many_attempts")
            assert int(refused.headers["Retry-After"]) > 0
