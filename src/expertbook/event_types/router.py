import uuid

from fastapi import APIRouter, Response

from expertbook.api_keys.scopes import needs
from expertbook.auth.dependencies import CurrentExpert
from expertbook.config import SettingsDep
from expertbook.db import ReadSessionDep, SessionDep
from expertbook.errors import error_responses
from expertbook.event_types import private_links, service
from expertbook.event_types.schemas import (
    EventTypeCreate,
    EventTypeDeleted,
    EventTypeRead,
    EventTypeUpdate,
    PrivateLinkCreate,
    PrivateLinkCreated,
    PrivateLinkRead,
)
from expertbook.kit.i18n import Message, RequestLanguage, words
from expertbook.realtime.events import EventsDep

router = APIRouter(prefix="/api/event-types", tags=["event-types"])
EXPERT_ERRORS = (401, 403, 422)


@router.get(
    "",
    operation_id="event-types-list",
    openapi_extra=needs("event-types:read"),
    responses=error_responses(*EXPERT_ERRORS),
)
async def list_event_types(expert: CurrentExpert, session: SessionDep) -> list[EventTypeRead]:
    """The current expert's event types, in their order."""
    return [EventTypeRead.from_model(et) for et in await service.list_event_types(session, expert)]


@router.post(
    "",
    status_code=201,
    operation_id="event-types-create",
    openapi_extra=needs("event-types:write"),
    responses=error_responses(*EXPERT_ERRORS, 409),
)
async def create_event_type(
    body: EventTypeCreate, expert: CurrentExpert, session: SessionDep, events: EventsDep
) -> EventTypeRead:
    """Create an event type."""
    created = await service.create_event_type(session, expert, body)
    await events.slots_changed(session, expert_id=expert.id)
    return EventTypeRead.from_model(created)


@router.get(
    "/{event_type_id}",
    operation_id="event-types-get",
    openapi_extra=needs("event-types:read"),
    responses=error_responses(*EXPERT_ERRORS, 404),
)
async def get_event_type(
    event_type_id: uuid.UUID, expert: CurrentExpert, session: SessionDep
) -> EventTypeRead:
    """One of the current expert's event types."""
    return EventTypeRead.from_model(
        await service.get_own_event_type(session, expert, event_type_id)
    )


@router.patch(
    "/{event_type_id}",
    operation_id="event-types-update",
    openapi_extra=needs("event-types:write"),
    responses=error_responses(*EXPERT_ERRORS, 404, 409),
)
async def update_event_type(
    event_type_id: uuid.UUID,
    body: EventTypeUpdate,
    expert: CurrentExpert,
    session: SessionDep,
    events: EventsDep,
) -> EventTypeRead:
    """Change some fields of an event type."""
    updated = await service.update_event_type(session, expert, event_type_id, body, events=events)
    await events.slots_changed(session, expert_id=expert.id)
    return EventTypeRead.from_model(updated)


@router.delete(
    "/{event_type_id}",
    operation_id="event-types-delete",
    openapi_extra=needs("event-types:write"),
    responses=error_responses(*EXPERT_ERRORS, 404),
)
async def delete_event_type(
    event_type_id: uuid.UUID,
    expert: CurrentExpert,
    session: SessionDep,
    events: EventsDep,
    language: RequestLanguage,
) -> EventTypeDeleted:
    """Delete an event type; one with future bookings is deactivated instead."""
    kept = await service.delete_event_type(session, expert, event_type_id)
    await events.slots_changed(session, expert_id=expert.id, event_type_ids=[event_type_id])
    in_words = words(language)
    if kept is not None:
        kept_message = Message(
            "It has upcoming bookings, so it was deactivated instead of deleted."
        )
        return EventTypeDeleted(result="deactivated", message=kept_message.in_words(in_words))
    deleted = Message("The event type was deleted.")
    return EventTypeDeleted(result="deleted", message=deleted.in_words(in_words))


@router.get(
    "/{event_type_id}/private-links",
    operation_id="private-links-list",
    openapi_extra=needs("event-types:read"),
    responses=error_responses(*EXPERT_ERRORS, 404),
)
async def list_private_links(
    event_type_id: uuid.UUID, expert: CurrentExpert, session: ReadSessionDep
) -> list[PrivateLinkRead]:
    """The event type's single-use links, newest first (their keys are not kept)."""
    event_type = await service.get_own_event_type(session, expert, event_type_id)
    return [
        PrivateLinkRead.model_validate(link)
        for link in await private_links.list_links(session, event_type)
    ]


@router.post(
    "/{event_type_id}/private-links",
    status_code=201,
    operation_id="private-links-create",
    openapi_extra=needs("event-types:write"),
    responses=error_responses(*EXPERT_ERRORS, 404),
)
async def create_private_link(
    event_type_id: uuid.UUID,
    body: PrivateLinkCreate,
    expert: CurrentExpert,
    session: SessionDep,
    settings: SettingsDep,
) -> PrivateLinkCreated:
    """A link that books this event type once (hidden or not); its URL is shown this once."""
    event_type = await service.get_own_event_type(session, expert, event_type_id)
    link, key = await private_links.create(session, event_type, body.label)
    url = f"{settings.public_url.rstrip('/')}/{expert.username}/{event_type.slug}?key={key}"
    return PrivateLinkCreated.model_validate(link).model_copy(update={"key": key, "url": url})


@router.delete(
    "/{event_type_id}/private-links/{link_id}",
    status_code=204,
    operation_id="private-links-revoke",
    openapi_extra=needs("event-types:write"),
    responses=error_responses(*EXPERT_ERRORS, 404),
)
async def revoke_private_link(
    event_type_id: uuid.UUID, link_id: uuid.UUID, expert: CurrentExpert, session: SessionDep
) -> Response:
    """Revoke a link: it books nothing from now on."""
    event_type = await service.get_own_event_type(session, expert, event_type_id)
    await private_links.revoke(session, event_type, link_id)
    return Response(status_code=204)
