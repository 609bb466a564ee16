"""A forgotten password: a mailed link that works once, for an hour, and ends every session."""

import re
from datetime import timedelta

import httpx
from sqlalchemy import update

from expertbook.kit.time import utcnow
from expertbook.models import PasswordReset
from expertbook.outbox.worker import OutboxWorker
from tests import factories
from tests.notifications.receivers import SmtpServer

NEW_PASSWORD = "a-brand-new-password"


async def mailed_token(smtp: SmtpServer, worker: OutboxWorker, address: str) -> str:
    await worker.drain()
    [message] = smtp.to(address)
    assert message["Subject"] == "Reset your ExpertBook password"
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(r"/reset-password\?token=(\S+)", str(body.get_content()))
    assert found
    return found.group(1)


async def ask(api: httpx.AsyncClient, email: str) -> httpx.Response:
    response = await api.post("/api/auth/password-reset", json={"email": email})
    assert response.status_code == 202, response.text
    return response


class TestPasswordReset:
    async def test_the_link_sets_a_new_password_once_and_ends_old_sessions(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        user = await factories.register(api)
        email = user["user"]["email"]
        await ask(api, email.upper())
        token = await mailed_token(smtp, worker, email)

        confirm = await api.post(
            "/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}
        )
        assert confirm.status_code == 204, confirm.text
        # The old session is over; the old password no longer works; the new one does.
        assert (await api.get("/api/auth/me", headers=user["headers"])).status_code == 401
        old = await api.post("/api/auth/login", json={"email": email, "password": user["password"]})
        assert old.status_code == 401
        new = await api.post("/api/auth/login", json={"email": email, "password": NEW_PASSWORD})
        assert new.status_code == 200

        again = await api.post(
            "/api/auth/password-reset/confirm", json={"token": token, "password": "x" * 12}
        )
        assert again.status_code == 422
        assert again.json()["error"]["code"] == "invalid_reset_token"

    async def test_an_expired_link_is_refused(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer, mail_app: object
    ) -> None:
        user = await factories.register(api)
        await ask(api, user["user"]["email"])
        token = await mailed_token(smtp, worker, user["user"]["email"])
        database = mail_app.state.database  # type: ignore[attr-defined]
        async with database.write_sessions() as session, session.begin():
            await session.execute(
                update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1))
            )
        response = await api.post(
            "/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}
        )
        assert response.status_code == 422
        login = await api.post(
            "/api/auth/login", json={"email": user["user"]["email"], "password": user["password"]}
        )
        assert login.status_code == 200, "the password did not change"

    async def test_an_unknown_email_gets_the_same_answer_and_no_mail(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        user = await factories.register(api)
        known = await ask(api, user["user"]["email"])
        unknown = await ask(api, "nobody-here@example.com")
        assert known.json() == unknown.json()
        await worker.drain()
        assert len(smtp.received) == 1
        assert smtp.to("nobody-here@example.com") == []

    async def test_asking_again_at_once_sends_no_second_mail(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        user = await factories.register(api)
        for _ in range(5):
            await ask(api, user["user"]["email"])
        await worker.drain()
        assert len(smtp.received) == 1

    async def test_made_up_tokens_and_short_passwords_are_refused(
        self, api: httpx.AsyncClient
    ) -> None:
        made_up = await api.post(
            "/api/auth/password-reset/confirm",
            json={"token": "made-up", "password": NEW_PASSWORD},
        )
        assert made_up.status_code == 422
        assert made_up.json()["error"]["code"] == "invalid_reset_token"
        short = await api.post(
            "/api/auth/password-reset/confirm", json={"token": "made-up", "password": "short"}
        )
        assert short.status_code == 422
        assert short.json()["error"]["code"] == "validation_error"
