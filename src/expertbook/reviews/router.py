import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from expertbook.auth.dependencies import CurrentExpert, OptionalUser
from expertbook.bookings.router import ManageToken
from expertbook.bookings.service import get_for_party
from expertbook.db import ReadSessionDep, SessionDep
from expertbook.errors import NotFound, error_responses
from expertbook.experts import repository as experts
from expertbook.reviews import service
from expertbook.reviews.schemas import (
    BookingReview,
    ReviewCreate,
    ReviewRead,
    ReviewReplyCreate,
    ReviewReportCreate,
    ReviewsPage,
)

router = APIRouter(tags=["reviews"])
# A guest reviews with the booking's manage token, as they manage the booking.
public_router = APIRouter(tags=["reviews"])


@public_router.get(
    "/api/bookings/{booking_id}/review",
    operation_id="reviews-get-for-booking",
    responses=error_responses(401, 404, 422),
)
async def get_booking_review(
    booking_id: uuid.UUID, session: SessionDep, user: OptionalUser, token: ManageToken = None
) -> BookingReview:
    """The booking's review, and whether the asker may leave one now (either party)."""
    view, role = await get_for_party(session, booking_id, user=user, token=token)
    return await service.booking_review(session, view, role)


@public_router.post(
    "/api/bookings/{booking_id}/review",
    status_code=201,
    operation_id="reviews-create",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def create_review(
    booking_id: uuid.UUID,
    body: ReviewCreate,
    session: SessionDep,
    user: OptionalUser,
    token: ManageToken = None,
) -> ReviewRead:
    """Review a session that took place: its client only (account or manage token), once."""
    view, role = await get_for_party(session, booking_id, user=user, token=token)
    return await service.create_review(session, view, role, rating=body.rating, text=body.text)


@public_router.get(
    "/api/experts/{id_or_username}/reviews",
    operation_id="reviews-list-for-expert",
    responses=error_responses(404, 422),
)
async def list_expert_reviews(
    id_or_username: str,
    session: ReadSessionDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> ReviewsPage:
    """An expert's published reviews, newest first, with the average and count."""
    expert = await experts.find(session, id_or_username)
    if expert is None:
        raise NotFound("No expert with this link.")
    return await service.expert_reviews(session, expert, limit=limit, cursor=cursor)


@router.post(
    "/api/reviews/{review_id}/reply",
    operation_id="reviews-reply",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def reply_to_review(
    review_id: uuid.UUID, body: ReviewReplyCreate, expert: CurrentExpert, session: SessionDep
) -> ReviewRead:
    """Answer a review of mine, once; the answer shows under it."""
    return await service.reply(session, expert, review_id, text=body.text)


@router.post(
    "/api/reviews/{review_id}/report",
    operation_id="reviews-report",
    responses=error_responses(401, 403, 404, 422),
)
async def report_review(
    review_id: uuid.UUID, body: ReviewReportCreate, expert: CurrentExpert, session: SessionDep
) -> ReviewRead:
    """Report a review of mine as unfair or abusive: hidden until an administrator decides."""
    return await service.report(session, expert, review_id, reason=body.reason)
