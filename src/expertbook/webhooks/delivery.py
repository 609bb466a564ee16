"""Calls a webhook with a queued body, signed, and logs the attempt for its owner."""

import time
import uuid

import httpx

from expertbook.config import Settings
from expertbook.db import Database
from expertbook.models import OutboxMessage, OutboxStatus, Webhook, WebhookDelivery
from expertbook.outbox.worker import SENT, Outcome
from expertbook.webhooks import signing
from expertbook.webhooks.addresses import PINNED_LIMITS, AddressRefused, destination

TIMEOUT_SECONDS = 10
USER_AGENT = "ExpertBook-Webhooks/1.0"


class WebhookCaller:
    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.allow_private = settings.webhooks_allow_private
        self._client: httpx.AsyncClient | None = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            # Redirects are not followed: they could lead to an address no one checked.
            self._client = httpx.AsyncClient(
                timeout=TIMEOUT_SECONDS, follow_redirects=False, limits=PINNED_LIMITS
            )
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def __call__(self, message: OutboxMessage) -> Outcome:
        async with self.database.read_sessions() as session:
            hook = await session.get(Webhook, message.webhook_id)
        if hook is None or not hook.active:
            return Outcome(OutboxStatus.SKIPPED, "The webhook was deleted or paused.")
        started = time.monotonic()
        code: int | None = None
        try:
            target = await destination(hook.url, allow_private=self.allow_private)
            body = message.payload.encode()
            response = await self.client.post(
                target.url,
                content=body,
                extensions=target.tls,
                headers={
                    "Host": target.host,
                    "Content-Type": "application/json",
                    "User-Agent": USER_AGENT,
                    "X-ExpertBook-Event": message.topic,
                    "X-ExpertBook-Delivery": str(message.id),
                    signing.HEADER: signing.sign(hook.secret, body, int(time.time())),
                },
            )
            code = response.status_code
            outcome = (
                SENT
                if response.is_success
                else Outcome(OutboxStatus.PENDING, f"The endpoint answered HTTP {code}.")
            )
        except AddressRefused as refused:
            outcome = Outcome(OutboxStatus.FAILED, str(refused))
        except httpx.HTTPError as error:
            outcome = Outcome(
                OutboxStatus.PENDING, f"The endpoint could not be reached ({type(error).__name__})."
            )
        await self._log(message, hook.id, outcome, code, started)
        return outcome

    async def _log(
        self,
        message: OutboxMessage,
        webhook_id: uuid.UUID,
        outcome: Outcome,
        code: int | None,
        started: float,
    ) -> None:
        async with self.database.write_sessions() as session, session.begin():
            session.add(
                WebhookDelivery(
                    id=uuid.uuid4(),
                    webhook_id=webhook_id,
                    message_id=message.id,
                    event=message.topic,
                    attempt=message.attempts,
                    succeeded=outcome.status == OutboxStatus.SENT,
                    response_code=code,
                    error=outcome.error,
                    duration_ms=int((time.monotonic() - started) * 1000),
                )
            )
