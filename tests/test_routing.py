"""Every operation is served by its own route: none is shadowed by a route tried before it.

FastAPI tries routes in the order they were included, and the app puts its busiest route
first; a path template matched earlier (`/api/experts/{id_or_username}` before
`/api/experts/me`, say) would silently take another operation's requests.
"""

import re

import httpx
from fastapi import FastAPI
from starlette.types import Receive, Scope, Send


def example_path(template: str) -> str:
    """The template with every parameter filled in: `/api/bookings/{booking_id}/ics` ->
    `/api/bookings/example/ics`."""
    return re.sub(r"\{[^}]+\}", "example", template)


class TestRouting:
    async def test_every_operation_is_reached_at_its_own_path(self, app: FastAPI) -> None:
        served_by: dict[tuple[str, str], str | None] = {}

        async def recording(scope: Scope, receive: Receive, send: Send) -> None:
            await app(scope, receive, send)
            route = scope.get("route")
            served_by[scope["method"], scope["path"]] = getattr(route, "path", None)

        transport = httpx.ASGITransport(app=recording)
        operations = [
            (method.upper(), template)
            for template, by_method in app.openapi()["paths"].items()
            for method in by_method
        ]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            for method, template in operations:
                await http.request(method, example_path(template), json={})

        shadowed = {
            f"{method} {template}": served_by[method, example_path(template)]
            for method, template in operations
            if served_by[method, example_path(template)] != template
        }
        assert shadowed == {}
        assert len(operations) > 60
