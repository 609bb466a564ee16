"""The error envelope for every kind of failure, health, and the OpenAPI document."""

import gc

import httpx

from expertbook.main import create_app
from tests.auth.test_accounts import assert_error
from tests.conftest import make_settings
from tests.factories import register


class TestErrorEnvelope:
    async def test_unknown_route_is_404(self, client: httpx.AsyncClient) -> None:
        assert_error(await client.get("/api/no-such-thing"), 404, "not_found")

    async def test_wrong_method_is_405(self, client: httpx.AsyncClient) -> None:
        assert_error(await client.put("/api/auth/me"), 405, "method_not_allowed")

    async def test_malformed_json_is_422(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/auth/login", content=b'{"email": ', headers={"Content-Type": "application/json"}
        )
        assert_error(response, 422, "malformed_json")

    async def test_body_over_one_megabyte_is_413(self, client: httpx.AsyncClient) -> None:
        big = b'{"name": "' + b"x" * (1024 * 1024 + 10) + b'"}'
        response = await client.post(
            "/api/auth/register", content=big, headers={"Content-Type": "application/json"}
        )
        assert_error(response, 413, "payload_too_large")

    async def test_streamed_body_over_one_megabyte_is_413(self, client: httpx.AsyncClient) -> None:
        async def chunks():  # type: ignore[no-untyped-def]
            for _ in range(32):
                yield b" " * 65536  # 2 MB without a Content-Length

        response = await client.post(
            "/api/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert_error(response, 413, "payload_too_large")

    async def test_body_that_is_not_utf8_is_422(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/auth/login",
            content=b'{"email": "\xff\xfe", "password": "x"}',
            headers={"Content-Type": "application/json"},
        )
        assert_error(response, 422, "malformed_json")

    async def test_system_zone_files_are_no_time_zone(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        for name in ("localtime", "posixrules", "Factory"):
            response = await client.post(
                "/api/auth/become-expert", json={"timezone": name}, headers=user["headers"]
            )
            assert_error(response, 422, "validation_error")

    async def test_validation_error_names_the_field(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/auth/register", json={"name": "A", "email": "a@example.com", "password": "x"}
        )
        error = assert_error(response, 422, "validation_error")
        assert any(detail["field"] == "password" for detail in error["details"])

    async def test_unexpected_error_is_500_without_a_trace(self, settings) -> None:
        app = create_app(settings)

        async def explode() -> None:
            raise RuntimeError("secret internal detail")

        app.add_api_route("/api/explode", explode)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.get("/api/explode")
        error = assert_error(response, 500, "internal_error")
        assert "secret internal detail" not in response.text
        assert error["details"]["requestId"] == response.headers["X-Request-ID"]
        await app.state.database.dispose()


class TestHealth:
    async def test_healthy_database_is_200(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "redis": "not_configured"}

    async def test_unreachable_database_is_503(self) -> None:
        app = create_app(make_settings("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere"))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable"


class TestLifespan:
    async def test_start_up_freezes_what_it_built_for_the_garbage_collector(self, settings) -> None:  # type: ignore[no-untyped-def]
        app = create_app(settings)
        try:
            async with app.router.lifespan_context(app):
                assert gc.get_freeze_count() > 0
        finally:
            gc.unfreeze()


class TestOpenAPI:
    async def test_operation_ids_are_stable_and_errors_declared(
        self, client: httpx.AsyncClient
    ) -> None:
        spec = (await client.get("/openapi.json")).json()
        operations = {
            op["operationId"]: op for path in spec["paths"].values() for op in path.values()
        }
        assert {
            "auth-register", "auth-login", "auth-me", "auth-become-expert", "experts-get-public",
            "experts-update-me", "availability-get", "availability-replace", "slots-list",
            "event-types-list", "event-types-create", "event-types-get", "event-types-update",
            "event-types-delete", "bookings-create", "bookings-list", "bookings-get",
            "bookings-update", "bookings-reschedule", "bookings-ics", "health-check",
        } <= set(operations)  # fmt: skip
        for operation_id, operation in operations.items():
            if operation_id != "health-check":
                assert any(code.startswith("4") for code in operation["responses"]), operation_id

    async def test_docs_are_served(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/docs")).status_code == 200
