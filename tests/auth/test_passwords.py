"""Password hashing runs off the event loop: logins never stall the requests around them."""

import asyncio
import time

import httpx
import pytest
from pydantic import ValidationError

from expertbook.config import Settings
from tests.factories import PASSWORD, at, book, event_type, expert, future_day, register

LOGINS = 10


@pytest.mark.serial
class TestHashingOffTheEventLoop:
    async def test_a_booking_completes_while_ten_logins_are_in_flight(
        self, costly_client: httpx.AsyncClient
    ) -> None:
        client = costly_client
        owner = await expert(client)
        event = await event_type(client, owner)
        email = (await register(client))["user"]["email"]
        finished: list[float] = []

        async def login() -> None:
            body = {"email": email, "password": PASSWORD}
            response = await client.post("/api/auth/login", json=body)
            assert response.status_code == 200, response.text
            finished.append(time.perf_counter())

        logins = [asyncio.create_task(login()) for _ in range(LOGINS)]
        await asyncio.sleep(0)  # every login is under way before the booking starts
        started = time.perf_counter()
        await book(client, event, at(future_day(), 10))
        booked = time.perf_counter()
        await asyncio.gather(*logins)
        # Hashing on the event loop, or holding SQLite's writers while hashing, would
        # make the booking wait for the logins ahead of it.
        took, logins_took = booked - started, max(finished) - started
        assert took < logins_took / 2, (took, logins_took)


class TestHashingCost:
    def test_production_refuses_cheap_hashes(self) -> None:
        with pytest.raises(ValidationError, match="ARGON2"):
            Settings(
                env="production",
                secret_key="a-long-random-production-secret-0123456789",
                argon2_time_cost=1,
            )

    def test_production_keeps_the_standard_cost(self) -> None:
        settings = Settings(
            env="production", secret_key="a-long-random-production-secret-0123456789"
        )
        assert (settings.argon2_time_cost, settings.argon2_memory_kib) == (3, 64 * 1024)
