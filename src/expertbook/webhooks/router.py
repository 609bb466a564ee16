import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from expertbook.auth.dependencies import CurrentExpert, CurrentUser
from expertbook.config import SettingsDep
from expertbook.db import ReadSessionDep, SessionDep
from expertbook.errors import error_responses
from expertbook.kit.i18n import Message, RequestLanguage, words
from expertbook.kit.schema import Page
from expertbook.realtime.events import EventsDep
from expertbook.webhooks import service
from expertbook.webhooks.schemas import (
    Redelivery,
    WebhookCreate,
    WebhookCreated,
    WebhookDeliveryRead,
    WebhookRead,
    WebhookUpdate,
)

router = APIRouter(prefix="/api/webhooks", tags=["webhooks"])


@router.get("", operation_id="webhooks-list", responses=error_responses(401, 403))
async def list_webhooks(
    user: CurrentUser, _: CurrentExpert, session: ReadSessionDep
) -> list[WebhookRead]:
    """My webhooks (their secrets are never shown again)."""
    return await service.list_webhooks(session, user)


@router.post(
    "", status_code=201, operation_id="webhooks-create", responses=error_responses(401, 403, 422)
)
async def create_webhook(
    body: WebhookCreate,
    user: CurrentUser,
    _: CurrentExpert,
    session: SessionDep,
    settings: SettingsDep,
) -> WebhookCreated:
    """Have my bookings' changes POSTed to a URL, signed with the secret returned once."""
    return await service.create_webhook(session, user, body, settings)


@router.patch(
    "/{webhook_id}", operation_id="webhooks-update", responses=error_responses(401, 403, 404, 422)
)
async def update_webhook(
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    user: CurrentUser,
    _: CurrentExpert,
    session: SessionDep,
    settings: SettingsDep,
) -> WebhookRead:
    """Change a webhook's URL or events, or pause it (active false)."""
    return await service.update_webhook(session, user, webhook_id, body, settings)


@router.delete(
    "/{webhook_id}",
    status_code=204,
    operation_id="webhooks-delete",
    responses=error_responses(401, 403, 404, 422),
)
async def delete_webhook(
    webhook_id: uuid.UUID, user: CurrentUser, _: CurrentExpert, session: SessionDep
) -> Response:
    """Remove a webhook with its delivery log; calls not yet made are dropped."""
    await service.delete_webhook(session, user, webhook_id)
    return Response(status_code=204)


@router.get(
    "/{webhook_id}/deliveries",
    operation_id="webhooks-deliveries",
    responses=error_responses(401, 403, 404, 422),
)
async def list_deliveries(
    webhook_id: uuid.UUID,
    user: CurrentUser,
    _: CurrentExpert,
    session: ReadSessionDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=100)] = 20,
) -> Page[WebhookDeliveryRead]:
    """Every attempt to call this webhook, latest first: outcome, response code, time."""
    return await service.list_deliveries(session, user, webhook_id, page=page, page_size=page_size)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    operation_id="webhooks-redeliver",
    responses=error_responses(401, 403, 404, 422),
)
async def redeliver(
    webhook_id: uuid.UUID,
    delivery_id: uuid.UUID,
    user: CurrentUser,
    _: CurrentExpert,
    session: SessionDep,
    events: EventsDep,
    language: RequestLanguage,
) -> Redelivery:
    """Send that delivery's message again, now."""
    message_id = await service.redeliver(session, user, webhook_id, delivery_id, events.notifier)
    queued = Message("The call is queued and goes out shortly.")
    return Redelivery(message_id=message_id, message=queued.in_words(words(language)))
