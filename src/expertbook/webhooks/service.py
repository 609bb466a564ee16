"""An expert's webhooks: saved, changed, removed, their attempts listed, a call repeated."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.config import Settings
from expertbook.errors import NotFound, Unprocessable
from expertbook.kit.schema import Page
from expertbook.models import OutboxMessage, User, Webhook, WebhookDelivery
from expertbook.notifications.notifier import Notifier
from expertbook.webhooks import signing
from expertbook.webhooks.addresses import AddressRefused, check_url
from expertbook.webhooks.schemas import (
    WebhookCreate,
    WebhookCreated,
    WebhookDeliveryRead,
    WebhookRead,
    WebhookUpdate,
)

MAX_WEBHOOKS = 10


async def _checked_url(url: str, settings: Settings) -> str:
    try:
        await check_url(url, allow_private=settings.webhooks_allow_private)
    except AddressRefused as refused:
        raise Unprocessable(
            refused.message,
            code="webhook_url_refused",
            details=[{"field": "url", "message": refused.message}],
        ) from None
    return url


async def _own(session: AsyncSession, user: User, webhook_id: uuid.UUID) -> Webhook:
    hook = await session.get(Webhook, webhook_id)
    if hook is None or hook.user_id != user.id:
        raise NotFound("No such webhook.")
    return hook


async def list_webhooks(session: AsyncSession, user: User) -> list[WebhookRead]:
    hooks = await session.scalars(
        select(Webhook).where(Webhook.user_id == user.id).order_by(Webhook.created_at)
    )
    return [WebhookRead.model_validate(hook) for hook in hooks]


async def create_webhook(
    session: AsyncSession, user: User, data: WebhookCreate, settings: Settings
) -> WebhookCreated:
    count = await session.scalar(select(func.count()).where(Webhook.user_id == user.id))
    if (count or 0) >= MAX_WEBHOOKS:
        raise Unprocessable(
            "You can have up to {count} webhooks. Remove one first.",
            count=MAX_WEBHOOKS,
            code="too_many_webhooks",
        )
    hook = Webhook(
        id=uuid.uuid4(),
        user_id=user.id,
        url=await _checked_url(data.url, settings),
        events=sorted(set(data.events)),
        active=data.active,
        secret=signing.new_secret(),
    )
    session.add(hook)
    await session.flush()
    return WebhookCreated.model_validate(hook)


async def update_webhook(
    session: AsyncSession,
    user: User,
    webhook_id: uuid.UUID,
    data: WebhookUpdate,
    settings: Settings,
) -> WebhookRead:
    hook = await _own(session, user, webhook_id)
    if data.url is not None:
        hook.url = await _checked_url(data.url, settings)
    if data.events is not None:
        hook.events = sorted(set(data.events))
    if data.active is not None:
        hook.active = data.active
    await session.flush()
    return WebhookRead.model_validate(hook)


async def delete_webhook(session: AsyncSession, user: User, webhook_id: uuid.UUID) -> None:
    """Removes it, its attempts, and its calls not yet made."""
    await session.delete(await _own(session, user, webhook_id))
    await session.flush()


async def list_deliveries(
    session: AsyncSession, user: User, webhook_id: uuid.UUID, *, page: int, page_size: int
) -> Page[WebhookDeliveryRead]:
    hook = await _own(session, user, webhook_id)
    condition = WebhookDelivery.webhook_id == hook.id
    rows = await session.scalars(
        select(WebhookDelivery)
        .where(condition)
        .order_by(WebhookDelivery.attempted_at.desc(), WebhookDelivery.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    total = await session.scalar(select(func.count()).where(condition))
    return Page[WebhookDeliveryRead](
        items=[WebhookDeliveryRead.model_validate(row) for row in rows],
        total=total or 0,
        page=page,
        page_size=page_size,
    )


async def redeliver(
    session: AsyncSession,
    user: User,
    webhook_id: uuid.UUID,
    delivery_id: uuid.UUID,
    notifier: Notifier,
) -> uuid.UUID:
    """Queue the delivery's message once more, as a new message with the same body."""
    hook = await _own(session, user, webhook_id)
    delivery = await session.get(WebhookDelivery, delivery_id)
    original = (
        await session.get(OutboxMessage, delivery.message_id)
        if delivery is not None and delivery.webhook_id == hook.id
        else None
    )
    if original is None:
        raise NotFound("No such delivery.")
    return notifier.webhook(session, hook, topic=original.topic, body=original.payload)
