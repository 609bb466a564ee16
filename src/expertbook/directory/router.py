from typing import Annotated

from fastapi import APIRouter, Query

from expertbook.db import ReadSessionDep
from expertbook.directory import service
from expertbook.directory.next_free import HORIZON_DAYS
from expertbook.directory.schemas import DirectoryPage, DirectorySort, TopicCount
from expertbook.errors import error_responses
from expertbook.kit.time import utcnow

public_router = APIRouter(tags=["directory"])


@public_router.get("/api/experts", operation_id="directory-search", responses=error_responses(422))
async def search_experts(
    session: ReadSessionDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in name, topics, headline or bio")
    ] = None,
    topic: Annotated[str | None, Query(max_length=40, description="Only this topic")] = None,
    language: Annotated[
        str | None, Query(max_length=3, description="Only experts speaking this (ISO 639 code)")
    ] = None,
    available_within_days: Annotated[
        int | None,
        Query(
            alias="availableWithinDays",
            ge=1,
            le=HORIZON_DAYS,
            description="Only experts with a free slot within this many days",
        ),
    ] = None,
    sort: Annotated[
        DirectorySort,
        Query(
            description="rank: best rated (Bayesian), then soonest free;"
            " available: soonest free first"
        ),
    ] = "rank",
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> DirectoryPage:
    """Listed experts, best match first when searching, then by rating and availability."""
    return await service.list_experts(
        session,
        q=q,
        topic=topic,
        language=language,
        available_within_days=available_within_days,
        sort=sort,
        limit=limit,
        cursor=cursor,
        now=utcnow(),
    )


@public_router.get("/api/topics", operation_id="directory-topics", responses=error_responses(422))
async def popular_topics(
    session: ReadSessionDep, limit: Annotated[int, Query(ge=1, le=50)] = 12
) -> list[TopicCount]:
    """The topics most listed experts offer, for topic chips."""
    return await service.popular_topics(session, limit=limit)
