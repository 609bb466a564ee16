import statistics
import time
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, auth, register


def assert_error(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


class TestRegister:
    async def test_creates_a_user_who_is_not_an_expert(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/auth/register",
            json={"name": "Ada Lovelace", "email": "  Ada@Example.COM ", "password": PASSWORD},
        )
        assert response.status_code == 201
        body = response.json()
        assert body["token"]
        user = body["user"]
        assert user["email"] == "ada@example.com"
        assert user["isExpert"] is False
        assert user["username"] is None
        assert "passwordHash" not in user and "password" not in user

    async def test_duplicate_email_in_another_case_is_409(self, client: httpx.AsyncClient) -> None:
        first = await register(client)
        response = await client.post(
            "/api/auth/register",
            json={"name": "Other", "email": first["user"]["email"].upper(), "password": PASSWORD},
        )
        assert_error(response, 409, "email_taken")

    @pytest.mark.parametrize(
        "body",
        [
            {"name": "A", "email": "a@example.com", "password": "short"},
            {"name": "A", "email": "not-an-email", "password": PASSWORD},
            {"name": "", "email": "a@example.com", "password": PASSWORD},
            {"name": "A" * 121, "email": "a@example.com", "password": PASSWORD},
            {"email": "a@example.com", "password": PASSWORD},
        ],
    )
    async def test_invalid_input_is_422_and_creates_nothing(
        self, client: httpx.AsyncClient, body: dict
    ) -> None:
        error = assert_error(
            await client.post("/api/auth/register", json=body), 422, "validation_error"
        )
        assert error["details"]
        login = await client.post(
            "/api/auth/login", json={"email": "a@example.com", "password": PASSWORD}
        )
        assert login.status_code == 401

    async def test_stores_an_argon2_hash(self, client: httpx.AsyncClient, engine) -> None:
        from sqlalchemy import text

        await register(client)
        async with engine.connect() as connection:
            stored = (
                await connection.execute(text("SELECT password_hash FROM users"))
            ).scalar_one()
        assert stored.startswith("$argon2")
        assert PASSWORD not in stored


class TestLogin:
    async def test_right_password_returns_a_working_token(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        response = await client.post(
            "/api/auth/login",
            json={"email": user["user"]["email"].upper(), "password": PASSWORD},
        )
        assert response.status_code == 200
        me = await client.get("/api/auth/me", headers=auth(response.json()["token"]))
        assert me.json()["id"] == user["user"]["id"]

    async def test_wrong_password_is_401(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        response = await client.post(
            "/api/auth/login", json={"email": user["user"]["email"], "password": "wrong-password"}
        )
        assert_error(response, 401, "invalid_credentials")

    async def test_unknown_email_is_the_same_401(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/auth/login", json={"email": "nobody@example.com", "password": PASSWORD}
        )
        assert_error(response, 401, "invalid_credentials")

    async def test_failures_are_throttled_per_email_and_address(
        self, client: httpx.AsyncClient
    ) -> None:
        user = await register(client)
        body = {"email": user["user"]["email"], "password": "wrong-password"}
        for _ in range(5):
            assert (await client.post("/api/auth/login", json=body)).status_code == 401
        throttled = await client.post("/api/auth/login", json=body)
        assert_error(throttled, 429, "too_many_attempts")
        assert int(throttled.headers["Retry-After"]) > 0
        # Even the right password waits until the window passes.
        right = await client.post(
            "/api/auth/login", json={"email": user["user"]["email"], "password": PASSWORD}
        )
        assert right.status_code == 429

    async def test_failures_are_throttled_per_client_address(
        self, client: httpx.AsyncClient
    ) -> None:
        for n in range(30):
            body = {"email": f"guess{n}@example.com", "password": "wrong-password"}
            assert (await client.post("/api/auth/login", json=body)).status_code == 401
        body = {"email": "fresh@example.com", "password": "wrong-password"}
        assert_error(await client.post("/api/auth/login", json=body), 429, "too_many_attempts")

    @pytest.mark.serial
    async def test_unknown_email_takes_as_long_as_a_wrong_password(
        self, costly_client: httpx.AsyncClient
    ) -> None:
        client = costly_client  # with production's hashing cost, which dominates a login
        user = await register(client)

        async def timed(email: str) -> float:
            start = time.perf_counter()
            await client.post("/api/auth/login", json={"email": email, "password": "wrong-pass"})
            return time.perf_counter() - start

        await timed("first-miss@example.com")  # makes the hash that misses are checked against
        known, unknown = [], []
        for n in range(4):  # stays under the per-email limit
            known.append(await timed(user["user"]["email"]))
            unknown.append(await timed(f"missing{n}@example.com"))
        ratio = statistics.median(unknown) / statistics.median(known)
        # Skipping the hash for unknown emails would make them ~50x faster.
        assert 0.4 < ratio < 2.5, (known, unknown)


class TestTokens:
    async def test_me_needs_a_token(self, client: httpx.AsyncClient) -> None:
        assert_error(await client.get("/api/auth/me"), 401, "unauthorized")

    @pytest.mark.parametrize("kind", ["tampered", "expired", "other_secret", "garbage", "no_sub"])
    async def test_bad_tokens_are_401(self, client: httpx.AsyncClient, kind: str) -> None:
        user = await register(client)
        now = datetime.now(UTC)
        claims = {"sub": user["user"]["id"], "iat": now, "exp": now + timedelta(hours=1)}
        token = {
            "tampered": user["token"][:-3]
            + ("AAA" if not user["token"].endswith("AAA") else "BBB"),
            "expired": jwt.encode(
                {**claims, "iat": now - timedelta(hours=2), "exp": now - timedelta(hours=1)},
                TEST_SECRET,
                algorithm="HS256",
            ),
            "other_secret": jwt.encode(
                claims, "another-secret-that-is-long-enough-too", algorithm="HS256"
            ),
            "garbage": "not.a.token",
            "no_sub": jwt.encode(
                {"iat": now, "exp": claims["exp"]}, TEST_SECRET, algorithm="HS256"
            ),
        }[kind]
        assert_error(await client.get("/api/auth/me", headers=auth(token)), 401, "invalid_token")

    async def test_token_carries_sub_exp_iat(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        claims = jwt.decode(user["token"], TEST_SECRET, algorithms=["HS256"])
        assert claims["sub"] == user["user"]["id"]
        assert claims["exp"] > claims["iat"]
