"""One log line per request, JSON in production, never a secret."""

import json
import logging
import pydoc
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from expertbook.observability.logging import ACCESS_LOGGER, log_config, redacted_query
from tests import factories


def access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == ACCESS_LOGGER]


class TestAccessLog:
    async def test_one_line_per_request_with_the_route_and_the_request_id(
        self, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
        response = await client.get("/api/experts/nobody", headers={"X-Request-ID": "abc-123"})
        assert response.headers["x-request-id"] == "abc-123"
        [record] = access_records(caplog)
        fields: dict[str, Any] = record.__dict__
        assert {key: fields[key] for key in ("method", "route", "status", "request_id")} == {
            "method": "GET",
            "route": "/api/experts/{id_or_username}",
            "status": 404,
            "request_id": "abc-123",
        }
        assert fields["client"] == "127.0.0.1"
        assert fields["duration_ms"] >= 0
        assert "abc-123" in record.getMessage()

    async def test_a_request_without_an_id_is_given_one(
        self, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
        response = await client.get("/healthz")
        [record] = access_records(caplog)
        assert record.__dict__["request_id"] == response.headers["x-request-id"]

    async def test_tokens_never_reach_the_log(
        self, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
        await client.get(
            "/api/bookings/00000000-0000-0000-0000-000000000000",
            params={"token": "guest-manage-secret", "page": "2"},
            headers=factories.auth("bearer-secret-value"),
        )
        [record] = access_records(caplog)
        logged = record.getMessage() + json.dumps(record.__dict__, default=str)
        assert "guest-manage-secret" not in logged
        assert "bearer-secret-value" not in logged
        assert "token=[redacted]&page=2" in record.__dict__["path"]

    def test_secret_looking_query_values_are_redacted(self) -> None:
        query = b"token=a&access_token=b&apiKey=c&password=d&day=2026-12-01"
        assert redacted_query(query) == (
            "token=[redacted]&access_token=[redacted]&apiKey=[redacted]"
            "&password=[redacted]&day=2026-12-01"
        )


class TestErrors:
    async def test_an_unexpected_error_is_logged_with_its_request_id(
        self, app: FastAPI, caplog: pytest.LogCaptureFixture
    ) -> None:
        @app.get("/boom-for-test")
        async def boom() -> None:
            raise RuntimeError("boom")

        caplog.set_level(logging.INFO)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/boom-for-test", headers={"X-Request-ID": "err-42"})
        assert response.status_code == 500
        assert response.headers["x-request-id"] == "err-42"
        [error] = [r for r in caplog.records if r.name == "expertbook" and r.exc_info]
        assert error.__dict__["request_id"] == "err-42"
        [access] = access_records(caplog)
        assert (access.__dict__["status"], access.__dict__["request_id"]) == (500, "err-42")


def formatter(config: dict[str, Any]) -> logging.Formatter:
    """The formatter a dictConfig `formatters` entry with a "()" factory builds."""
    options = dict(config)
    factory = pydoc.locate(options.pop("()"))
    assert callable(factory)
    built = factory(**options)
    assert isinstance(built, logging.Formatter)
    return built


class TestFormat:
    def test_production_writes_one_json_object_per_line(self) -> None:
        config = log_config(json=True, access_log=True)
        record = logging.LogRecord(ACCESS_LOGGER, logging.INFO, __file__, 1, "GET /x", (), None)
        record.__dict__.update(route="/x", status=200, request_id="r1", color_message="\x1b[0m")
        line = formatter(config["formatters"]["default"]).format(record)
        assert "\n" not in line
        parsed = json.loads(line)
        assert parsed["level"] == "INFO"
        assert parsed["logger"] == ACCESS_LOGGER
        assert (parsed["route"], parsed["status"], parsed["request_id"]) == ("/x", 200, "r1")
        assert "time" in parsed
        assert "color_message" not in parsed

    def test_elsewhere_lines_are_plain_text(self) -> None:
        config = log_config(json=False, access_log=True)
        record = logging.LogRecord(ACCESS_LOGGER, logging.INFO, __file__, 1, "GET /x", (), None)
        assert formatter(config["formatters"]["default"]).format(record).endswith("GET /x")

    def test_the_access_log_can_be_turned_off_and_uvicorns_is_replaced(self) -> None:
        loggers = log_config(json=False, access_log=False)["loggers"]
        assert loggers[ACCESS_LOGGER]["level"] == "WARNING"
        assert loggers["uvicorn.access"]["handlers"] == []
