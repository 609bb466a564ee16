"""Queries for bookable event types: active, with their expert and the expert's user."""

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from expertbook.errors import NotFound
from expertbook.experts.repository import is_expert
from expertbook.models import EventType, Expert, User


@dataclass(frozen=True)
class Bookable:
    """An active event type with what booking it needs: its expert and their user."""

    event_type: EventType
    expert: Expert
    expert_user: User


@dataclass(frozen=True)
class BookableWithSiblings(Bookable):
    """With the ids of all the expert's active event types, whose free slots a booking
    changes (the public page's `slotsChanged`)."""

    active_event_type_ids: list[uuid.UUID]


def bookable_query() -> Select[EventType, Expert, User]:
    return (
        select(EventType, Expert, User)
        .join(Expert, Expert.id == EventType.expert_id)
        .join(User, User.id == Expert.user_id)
        .where(EventType.is_active.is_(True))
    )


# Every slots request and every booking looks one up by id: built once, not per call.
_BY_ID = bookable_query().where(EventType.id == bindparam("event_type"))
_ACTIVE_IDS = select(EventType.id).where(
    EventType.expert_id == bindparam("expert"), EventType.is_active.is_(True)
)
_SIBLINGS = aliased(EventType, name="siblings")
# A booking needs both: one row per active event type of the expert, one round trip.
_BY_ID_WITH_SIBLINGS = _BY_ID.add_columns(_SIBLINGS.id).join(
    _SIBLINGS,
    and_(_SIBLINGS.expert_id == EventType.expert_id, _SIBLINGS.is_active.is_(True)),
)


def event_type_ref(ref: str, *, expert_named: bool) -> uuid.UUID | str:
    """What a link names an event type by: its id, or its slug beside its expert's name."""
    try:
        return uuid.UUID(ref)
    except ValueError:
        if not expert_named:  # a slug means something only next to its expert
            raise NotFound("No such event type.") from None
        return ref


def event_type_is(ref: str, *, expert_named: bool) -> ColumnElement[bool]:
    parsed = event_type_ref(ref, expert_named=expert_named)
    return EventType.id == parsed if isinstance(parsed, uuid.UUID) else EventType.slug == parsed


async def find_bookable(
    session: AsyncSession, event_type_ref: str | uuid.UUID, *, expert_ref: str | None = None
) -> Bookable:
    """An active event type (by id, or by slug with its expert) and its expert; else 404."""
    if isinstance(event_type_ref, uuid.UUID) and expert_ref is None:
        query, params = _BY_ID, {"event_type": event_type_ref}
    else:
        query = bookable_query().where(
            event_type_is(str(event_type_ref), expert_named=expert_ref is not None)
        )
        params = {}
        if expert_ref is not None:
            query = query.where(is_expert(expert_ref))
    row = (await session.execute(query, params)).one_or_none()
    if row is None:
        raise NotFound("This expert has no such active event type.")
    return Bookable(row[0], row[1], row[2])


async def find_bookable_with_siblings(
    session: AsyncSession, event_type_id: uuid.UUID
) -> BookableWithSiblings:
    """An active event type by id, its expert, and all the expert's active event types."""
    rows = (await session.execute(_BY_ID_WITH_SIBLINGS, {"event_type": event_type_id})).all()
    if not rows:
        raise NotFound("This expert has no such active event type.")
    event_type, expert, user, _ = rows[0]
    return BookableWithSiblings(event_type, expert, user, [row[3] for row in rows])


async def active_event_type_ids(session: AsyncSession, expert_id: uuid.UUID) -> list[uuid.UUID]:
    return list(await session.scalars(_ACTIVE_IDS, {"expert": expert_id}))
