"""Fuzzing every operation of the OpenAPI document, on SQLite and on PostgreSQL: no 5xx,
and responses as declared."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import get_client
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from expertbook.main import create_app
from expertbook.migrations.runner import upgrade
from tests.conftest import make_settings
from tests.services import throwaway_postgres


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FastAPI]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'fuzz.db'}"
        upgrade(url)
        yield create_app(make_settings(url))
        return
    with throwaway_postgres("fuzz") as url:
        upgrade(url)
        yield create_app(make_settings(url))


@pytest.fixture(scope="module")
def expert_headers(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A real expert with an event type, so authenticated operations are reached too."""
    # schemathesis' own client: its one event loop is where the app's pooled connections
    # live (asyncpg's cannot move between loops).
    with get_client(app) as client:
        token = client.post(
            "/api/auth/register",
            json={"name": "Fuzz Expert", "email": "fuzz@example.com", "password": "password-123"},
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        client.post("/api/auth/become-expert", json={"username": "fuzz"}, headers=headers)
        client.post(
            "/api/event-types",
            json={"title": "Fuzz", "slug": "fuzz", "durationMinutes": 30},
            headers=headers,
        )
    return headers


def operations() -> list[tuple[str, str]]:
    spec = create_app(make_settings("sqlite+aiosqlite://")).openapi()
    return [(method.upper(), path) for path, item in spec["paths"].items() for method in item]


@pytest.mark.parametrize(("method", "path"), operations())
def test_no_server_errors_and_declared_responses(
    app, expert_headers, method: str, path: str
) -> None:  # type: ignore[no-untyped-def]
    operation = schemathesis.openapi.from_asgi("/openapi.json", app)[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case) -> None:  # type: ignore[no-untyped-def]
        headers = dict(case.headers or {})
        headers.setdefault("Authorization", expert_headers["Authorization"])
        case.call_and_validate(
            headers=headers,
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )

    check()
