from typing import Annotated

from fastapi import APIRouter, Query

from expertbook.auth.dependencies import CurrentExpert, CurrentUser
from expertbook.auth.service import user_read
from expertbook.avatars.urls import avatar_url
from expertbook.db import SessionDep
from expertbook.errors import error_responses
from expertbook.event_types.schemas import EventTypeRead
from expertbook.experts import service
from expertbook.experts.schemas import (
    BecomeExpertRequest,
    BecomeExpertResponse,
    ExpertRead,
    ExpertUpdate,
    PublicExpert,
)
from expertbook.realtime.events import EventsDep

router = APIRouter(tags=["experts"])
public_router = APIRouter(tags=["experts"])


@router.post(
    "/api/auth/become-expert",
    operation_id="auth-become-expert",
    responses=error_responses(401, 409, 422),
)
async def become_expert(
    user: CurrentUser, session: SessionDep, body: BecomeExpertRequest | None = None
) -> BecomeExpertResponse:
    """Make the current user an expert (no body needed); calling it again changes nothing."""
    body = body or BecomeExpertRequest()
    expert = await service.become_expert(
        session,
        user=user,
        username=body.username,
        headline=body.headline,
        bio=body.bio,
        timezone=body.timezone,
    )
    return BecomeExpertResponse(user=user_read(user), expert=service.expert_read(expert, user))


@router.get("/api/experts/me", operation_id="experts-get-me", responses=error_responses(401, 403))
async def get_me(expert: CurrentExpert) -> ExpertRead:
    """The current expert's own profile and settings."""
    return service.expert_read(expert, expert.user)


@router.patch(
    "/api/experts/me",
    operation_id="experts-update-me",
    responses=error_responses(401, 403, 409, 422),
)
async def update_me(
    body: ExpertUpdate, expert: CurrentExpert, session: SessionDep, events: EventsDep
) -> ExpertRead:
    """Edit the current expert's username, headline, bio, time zone, daily cap, the sites
    that may frame the booking page, topics, languages, or whether the directory lists them."""
    updated = await service.update_expert(
        session,
        expert,
        username=body.username,
        headline=body.headline,
        bio=body.bio,
        timezone=body.timezone,
        max_bookings_per_day=body.max_bookings_per_day,
        clear_max_bookings_per_day="max_bookings_per_day" in body.model_fields_set,
        embed_origins=body.embed_origins,
        topics=body.topics,
        languages=body.languages,
        listed=body.listed,
    )
    await events.slots_changed(session, expert_id=expert.id)
    return service.expert_read(updated, expert.user)


@public_router.get(
    "/api/experts/{id_or_username}",
    operation_id="experts-get-public",
    responses=error_responses(404),
)
async def get_public(
    id_or_username: str,
    session: SessionDep,
    event_type: Annotated[
        str | None,
        Query(
            alias="eventType",
            max_length=80,
            description="The slug of an event type to include even if hidden (its own link)",
        ),
    ] = None,
) -> PublicExpert:
    """An expert's public profile with their listed active event types, in their order."""
    expert, user, event_types = await service.get_public_expert(
        session, id_or_username, with_slug=event_type
    )
    return PublicExpert(
        id=expert.id,
        name=user.name,
        username=expert.username,
        headline=expert.headline,
        bio=expert.bio,
        timezone=expert.timezone,
        topics=list(expert.topics or []),
        languages=list(expert.languages or []),
        avatar_url=avatar_url(expert.avatar_key),
        rating=service.rating_of(expert),
        event_types=[EventTypeRead.from_model(event_type) for event_type in event_types],
    )
