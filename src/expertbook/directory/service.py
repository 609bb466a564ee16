"""Listing experts for the directory: filters, full-text relevance, ranking and keyset
pages, in at most three queries a page (the site mean on a first page, the page, its
session types) whatever the page size."""

import functools
import math
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Float,
    Select,
    String,
    Uuid,
    and_,
    bindparam,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from expertbook.avatars.urls import avatar_url
from expertbook.directory import ranking, search
from expertbook.directory.schemas import (
    DirectoryEntry,
    DirectoryPage,
    DirectorySort,
    SessionTypeSummary,
    TopicCount,
)
from expertbook.experts.schemas import Rating
from expertbook.kit import cursor as cursors
from expertbook.kit.time import UTCDateTime
from expertbook.models import EventType, Expert, ExpertTag, TagKind, User

# Experts without a known free slot sort after every date.
_NEVER = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(frozen=True)
class _Key:
    """One sort key: its column's name in the page, its expression, direction, and how its
    cursor value is written and read back."""

    name: str
    expression: ColumnElement[Any] | InstrumentedAttribute[Any]
    descending: bool
    read: Callable[[Any], Any]
    write: Callable[[Any], Any]
    type_: Any

    def ordered(self, column: Any) -> Any:
        return column.desc() if self.descending else column.asc()

    @property
    def after(self) -> BindParameter[Any]:
        """The cursor's value of this key, as a parameter."""
        return bindparam(f"after_{self.name}", type_=self.type_)

    def beyond(self) -> ColumnElement[bool]:
        beyond: ColumnElement[bool] = (
            self.expression < self.after if self.descending else self.expression > self.after
        )
        return beyond


def _after(keys: list[_Key]) -> ColumnElement[bool]:
    """Rows strictly after the cursor's values in the order of `keys` (lexicographic)."""
    clause: ColumnElement[bool] | None = None
    for key in reversed(keys):
        beyond = key.beyond()
        clause = (
            beyond if clause is None else or_(beyond, and_(key.expression == key.after, clause))
        )
    assert clause is not None
    return clause


def _finite(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _aware(text: Any) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a time without its offset")
    return moment


def _tagged(kind: TagKind, parameter: str) -> ColumnElement[bool]:
    return Expert.id.in_(
        select(ExpertTag.expert_id).where(
            ExpertTag.kind == kind, ExpertTag.value == bindparam(parameter, type_=String)
        )
    )


@dataclass(frozen=True)
class _Shape:
    """What decides a page's statement; the values go in as parameters."""

    dialect: str
    searching: bool
    sort: DirectorySort
    topic: bool
    language: bool
    within_days: bool
    after: bool
    limit: int


@functools.lru_cache(maxsize=512)
def _page_statement(shape: _Shape) -> tuple[Select[Any], list[_Key]]:
    """The page's statement and its sort keys, built once per shape: building a statement
    costs more than running it. Parameters: mean, never, and as the shape asks the
    search's, topic, language, now and until, and after_<key> for each key."""
    score = ranking.score(bindparam("mean", type_=Float))
    available = func.coalesce(Expert.next_free_at, bindparam("never", type_=UTCDateTime()))
    # The page is chosen first from narrow columns only (index-only on PostgreSQL: the
    # directory index covers them), then its few rows are joined to the wide ones.
    chosen = select(
        Expert.id.label("id"), score.label("score"), available.label("available")
    ).where(Expert.listed.is_(True))
    keys: list[_Key] = []
    if shape.searching:
        hits = search.matches(shape.dialect)
        chosen = chosen.join(hits, hits.c.expert_id == Expert.id).add_columns(
            hits.c.relevance.label("relevance")
        )
        keys.append(_Key("relevance", hits.c.relevance, True, _finite, float, Float))
    by_date = _Key("available", available, False, _aware, _iso, UTCDateTime())
    by_score = _Key("score", score, True, _finite, float, Float)
    keys += [by_date, by_score] if shape.sort == "available" else [by_score, by_date]
    keys.append(_Key("id", Expert.id, False, uuid.UUID, str, Uuid))

    if shape.topic:
        chosen = chosen.where(_tagged(TagKind.TOPIC, "topic"))
    if shape.language:
        chosen = chosen.where(_tagged(TagKind.LANGUAGE, "language"))
    if shape.within_days:
        chosen = chosen.where(
            Expert.next_free_at >= bindparam("now", type_=UTCDateTime()),
            Expert.next_free_at < bindparam("until", type_=UTCDateTime()),
        )
    if shape.after:
        chosen = chosen.where(_after(keys))
    page = (
        chosen.order_by(*(key.ordered(key.expression) for key in keys))
        .limit(shape.limit + 1)
        .subquery("page")
    )
    statement = (
        select(
            page,
            Expert.username,
            User.name,
            Expert.headline,
            Expert.topics,
            Expert.languages,
            Expert.avatar_key,
            Expert.review_count,
            Expert.rating_sum,
            Expert.next_free_at,
            Expert.next_free_until,
            Expert.next_free_generation,
            Expert.slots_generation,
        )
        .join(Expert, Expert.id == page.c.id)
        .join(User, User.id == Expert.user_id)
        .order_by(*(key.ordered(page.c[key.name]) for key in keys))
    )
    return statement, keys


async def list_experts(
    session: AsyncSession,
    *,
    q: str | None,
    topic: str | None,
    language: str | None,
    available_within_days: int | None,
    sort: DirectorySort,
    limit: int,
    cursor: str | None,
    now: datetime,
) -> DirectoryPage:
    words = search.words_of(q or "")
    # The cursor is valid only for the order it came from.
    order = f"{sort}:{'q' if words else '-'}"
    payload = cursors.decode(cursor) if cursor else None
    if payload is not None and payload.get("s") != order:
        raise cursors.invalid()
    try:
        mean = _finite(payload["m"]) if payload else await ranking.site_mean(session)
    except (KeyError, TypeError, ValueError, OverflowError):
        raise cursors.invalid() from None

    dialect = session.get_bind().dialect.name
    shape = _Shape(
        dialect=dialect,
        searching=bool(words),
        sort=sort,
        topic=bool(topic),
        language=bool(language),
        within_days=available_within_days is not None,
        after=payload is not None,
        limit=limit,
    )
    statement, keys = _page_statement(shape)
    params: dict[str, Any] = {"mean": mean, "never": _NEVER}
    if words:
        params |= search.parameters(dialect, words)
    if topic:
        params["topic"] = " ".join(topic.split()).lower()
    if language:
        params["language"] = language.strip().lower()
    if available_within_days is not None:
        params["now"] = now
        params["until"] = now + timedelta(days=available_within_days)
    if payload is not None:
        try:
            for key, raw in zip(keys, payload["k"], strict=True):
                params[f"after_{key.name}"] = key.read(raw)
        except (KeyError, TypeError, ValueError, OverflowError):
            raise cursors.invalid() from None

    rows = list(await session.execute(statement, params))
    more, rows = len(rows) > limit, rows[:limit]
    session_types = await _session_types(session, [row.id for row in rows])
    items = [
        DirectoryEntry(
            id=row.id,
            username=row.username,
            name=row.name,
            headline=row.headline,
            topics=list(row.topics or []),
            languages=list(row.languages or []),
            avatar_url=avatar_url(row.avatar_key),
            rating=Rating(
                average=round(row.rating_sum / row.review_count, 2) if row.review_count else None,
                count=row.review_count,
            ),
            session_types=session_types.get(row.id, []),
            next_free_slot=row.next_free_at if _known(row, now) else None,
            next_free_known=_known(row, now),
        )
        for row in rows
    ]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = cursors.encode(
            {
                "s": order,
                "m": mean,
                "k": [key.write(getattr(last, key.name)) for key in keys],
            }
        )
    return DirectoryPage(items=items, next_cursor=next_cursor)


def _known(row: Any, now: datetime) -> bool:
    """Whether the stored next free slot is still true: computed from the expert's current
    slots, and not yet overtaken by the clock (directory/next_free.py)."""
    return bool(
        row.next_free_generation == row.slots_generation
        and row.next_free_until is not None
        and row.next_free_until > now
    )


async def _session_types(
    session: AsyncSession, expert_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[SessionTypeSummary]]:
    """The page's experts' listed, active session types, in their order: one query."""
    if not expert_ids:
        return {}
    found: dict[uuid.UUID, list[SessionTypeSummary]] = defaultdict(list)
    rows = await session.execute(
        select(
            EventType.expert_id,
            EventType.id,
            EventType.title,
            EventType.slug,
            EventType.duration_minutes,
        )
        .where(
            EventType.expert_id.in_(expert_ids),
            EventType.is_active.is_(True),
            EventType.hidden.is_(False),
        )
        .order_by(EventType.expert_id, EventType.position, EventType.created_at)
    )
    for expert_id, event_type_id, title, slug, duration in rows:
        found[expert_id].append(
            SessionTypeSummary(id=event_type_id, title=title, slug=slug, duration_minutes=duration)
        )
    return found


async def popular_topics(session: AsyncSession, *, limit: int) -> list[TopicCount]:
    """The topics most listed experts have, most first."""
    experts = func.count().label("experts")
    rows = await session.execute(
        select(ExpertTag.value, experts)
        .join(Expert, Expert.id == ExpertTag.expert_id)
        .where(ExpertTag.kind == TagKind.TOPIC, Expert.listed.is_(True))
        .group_by(ExpertTag.value)
        .order_by(experts.desc(), ExpertTag.value)
        .limit(limit)
    )
    return [TopicCount(topic=topic, experts=count) for topic, count in rows]
