"""Every route needs a signed-in user, except the few that are public on purpose."""

import re
import uuid

import httpx
from fastapi import FastAPI

# Each of these decides itself who may see what (a guest's manage token, public profiles).
PUBLIC = {
    "auth-register",
    "auth-login",
    "experts-get-public",
    "slots-list",
    "bookings-create",
    "bookings-get",
    "bookings-update",
    "bookings-reschedule",
    "bookings-ics",
    "bookings-no-show",
    "auth-password-reset",
    "auth-password-reset-confirm",
    "calendar-feed-ics",
    "health-check",
    "waitlist-join",
    "waitlist-get",
    "waitlist-leave",
    "waitlist-claim",
}


class TestSecureByDefault:
    async def test_only_the_public_operations_answer_without_a_token(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        answered_anonymously: set[str] = set()
        refused: set[str] = set()
        for template, operations in app.openapi()["paths"].items():
            path = re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), template)
            for method, operation in operations.items():
                response = await client.request(method.upper(), path, json={})
                if response.status_code == 401:
                    assert response.json()["error"]["code"] == "unauthorized"
                    refused.add(operation["operationId"])
                else:
                    answered_anonymously.add(operation["operationId"])
        assert answered_anonymously == PUBLIC
        assert len(refused) >= 10
