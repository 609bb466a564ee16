"""Computed slots answers, kept per process and trusted only while nothing changed them.

The expert's slots generation (`experts.slots_generation`) is the whole contract. Every
commit that changes what an expert can be booked for (a booking made, confirmed,
declined, cancelled, restored or moved; hours, date overrides, event types, settings)
calls `bump()` in its own transaction, through the one hook that also tells the public
page's watchers (`Events.slots_changed`). A slots request reads the generation first,
with the event type it names (`stamp()`, one indexed row); a cached answer is served only
if it was computed under that very number and the clock has not moved past what it
knew (`SlotAnswer.valid_until`). So once a change's commit has answered, no instance
serves an answer from before it. The answer's data is read after its generation, so an
entry is never newer-labelled than what it holds; a race costs a miss, never a lie. The
booking itself is checked again under the expert's lock: at worst a 409, never a double
booking.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from cachetools import LRUCache
from sqlalchemy import Select, Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.errors import NotFound
from expertbook.event_types.repository import event_type_ref
from expertbook.experts.repository import expert_ref
from expertbook.models import EventType, Expert


@dataclass(frozen=True, slots=True)
class Stamp:
    """What validates a cached answer: the event type asked for and its expert's generation."""

    event_type_id: uuid.UUID
    generation: int


@dataclass(frozen=True, slots=True)
class Key:
    event_type_id: uuid.UUID
    first_day: date
    last_day: date
    viewer_zone: str
    duration: int | None
    with_taken: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    generation: int
    valid_until: datetime | None  # the clock's share: see SlotAnswer.valid_until
    body: bytes
    etag: str

    def serves(self, generation: int, now: datetime) -> bool:
        return self.generation == generation and (
            self.valid_until is None or now < self.valid_until
        )


class SlotsCache:
    """Answers by what was asked, each with the generation it was computed under; the
    least recently used go first beyond `max_entries` (0: keep none)."""

    def __init__(self, max_entries: int) -> None:
        self._entries: LRUCache[Key, Entry] = LRUCache(maxsize=max_entries)
        self._keeps = max_entries > 0

    def get(self, key: Key, generation: int, now: datetime) -> Entry | None:
        entry = self._entries.get(key)
        return entry if entry is not None and entry.serves(generation, now) else None

    def put(self, key: Key, generation: int, valid_until: datetime | None, body: bytes) -> Entry:
        entry = Entry(generation, valid_until, body, etag_of(generation, body))
        if self._keeps:
            self._entries[key] = entry
        return entry


def etag_of(generation: int, body: bytes) -> str:
    """The generation, and a digest of the answer for what the clock changed within it."""
    return f'"{generation}-{hashlib.blake2b(body, digest_size=8).hexdigest()}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (weak or strong, or `*`)."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags or "*" in tags


# Generations -----------------------------------------------------------------------------

# On the table, not the mapped class: no ORM bookkeeping on every booking's path.
_EXPERTS = cast(Table, Expert.__table__)
_EVENT_TYPES = cast(Table, EventType.__table__)
_BUMP = (
    update(_EXPERTS)
    .where(_EXPERTS.c.id == bindparam("expert"))
    .values(slots_generation=_EXPERTS.c.slots_generation + 1)
)


async def bump(session: AsyncSession, expert_id: uuid.UUID) -> None:
    """Invalidate every cached answer of the expert, on every instance, once this
    transaction commits (and never before: a rollback keeps the old number)."""
    await session.execute(_BUMP, {"expert": expert_id})


def _stamp_query(*, expert_by_id: bool, type_by_id: bool) -> Select[uuid.UUID, int]:
    experts, event_types = _EXPERTS.c, _EVENT_TYPES.c
    return (
        select(event_types.id, experts.slots_generation)
        .join_from(_EVENT_TYPES, _EXPERTS, experts.id == event_types.expert_id)
        .where(
            event_types.is_active.is_(True),
            (experts.id if expert_by_id else experts.username) == bindparam("expert"),
            (event_types.id if type_by_id else event_types.slug) == bindparam("event_type"),
        )
    )


# Every public page view runs one: built once per way a link can name the two, since
# building and keying the statement cost more than running it.
_STAMPS = {
    (expert_by_id, type_by_id): _stamp_query(expert_by_id=expert_by_id, type_by_id=type_by_id)
    for expert_by_id in (True, False)
    for type_by_id in (True, False)
}


async def stamp(session: AsyncSession, expert_link: str, event_type_link: str) -> Stamp:
    """The active event type a public link names (expert by id or username, event type by
    id or slug) and its expert's generation; else 404, as the slots themselves would."""
    expert = expert_ref(expert_link)
    event_type = event_type_ref(event_type_link, expert_named=True)
    query = _STAMPS[isinstance(expert, uuid.UUID), isinstance(event_type, uuid.UUID)]
    row = (await session.execute(query, {"expert": expert, "event_type": event_type})).first()
    if row is None:
        raise NotFound("This expert has no such active event type.")
    return Stamp(row[0], row[1])
