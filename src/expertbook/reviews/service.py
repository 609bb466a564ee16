"""Leaving, answering and reporting reviews; the expert's tally follows in the same
transaction."""

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.bookings.repository import BookingView
from expertbook.bookings.service import Role
from expertbook.errors import Conflict, Forbidden, NotFound
from expertbook.experts import service as experts
from expertbook.kit import cursor as cursors
from expertbook.kit.time import utcnow
from expertbook.models import Expert, Review, ReviewStatus
from expertbook.reviews import repository, rules
from expertbook.reviews.schemas import BookingReview, ReviewRead, ReviewsPage


def to_read(review: Review, event_title: str) -> ReviewRead:
    return ReviewRead(
        id=review.id,
        rating=review.rating,
        text=review.text,
        event_title=event_title,
        created_at=review.created_at,
        reply=review.reply,
        replied_at=review.replied_at,
    )


def _already_reviewed() -> Conflict:
    return Conflict("This session has already been reviewed.", code="already_reviewed")


async def booking_review(session: AsyncSession, view: BookingView, role: Role) -> BookingReview:
    review = await repository.for_booking(session, view.booking.id)
    if review is not None:
        return BookingReview(
            review=to_read(review, view.event_type.title), can_review=False, reason=None
        )
    refused = rules.refusal(view, role, utcnow())
    return BookingReview(
        review=None, can_review=refused is None, reason=refused.message if refused else None
    )


async def create_review(
    session: AsyncSession, view: BookingView, role: Role, *, rating: int, text: str | None
) -> ReviewRead:
    """The client's review of a session that took place; 403 for the expert, 422 for a
    booking that is no real session (yet), 409 when it has one already."""
    refused = rules.refusal(view, role, utcnow())
    if refused is not None:
        raise refused
    if await repository.for_booking(session, view.booking.id) is not None:
        raise _already_reviewed()
    review = Review(
        booking_id=view.booking.id,
        expert_id=view.expert.id,
        rating=rating,
        text=text or None,
        status=ReviewStatus.PUBLISHED,
    )
    session.add(review)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as error:  # the same client, twice at once
        raise _already_reviewed() from error
    await repository.adjust_rating(session, view.expert.id, count=1, stars=rating)
    return to_read(review, view.event_type.title)


async def _own_review(session: AsyncSession, expert: Expert, review_id: uuid.UUID) -> Review:
    review = await repository.get(session, review_id)
    if review is None or review.status == ReviewStatus.REMOVED:
        raise NotFound("No such review.")
    if review.expert_id != expert.id:
        raise Forbidden("Only the expert reviewed can do this.", code="not_your_review")
    return review


async def reply(
    session: AsyncSession, expert: Expert, review_id: uuid.UUID, *, text: str
) -> ReviewRead:
    """The expert answers a review, once."""
    review = await _own_review(session, expert, review_id)
    if review.reply is not None:
        raise Conflict("You have already replied to this review.", code="already_replied")
    review.reply = text
    review.replied_at = utcnow()
    await session.flush()
    return to_read(review, await repository.event_title(session, review))


async def report(
    session: AsyncSession, expert: Expert, review_id: uuid.UUID, *, reason: str | None
) -> ReviewRead:
    """The expert reports a review: hidden, and out of their rating, until an
    administrator decides (`expertbook admin reviews`). Reporting again changes nothing."""
    review = await _own_review(session, expert, review_id)
    if review.status == ReviewStatus.PUBLISHED:
        review.status = ReviewStatus.REPORTED
        review.report_reason = reason or None
        review.reported_at = utcnow()
        await session.flush()
        await repository.adjust_rating(session, expert.id, count=-1, stars=-review.rating)
    return to_read(review, await repository.event_title(session, review))


async def decide(session: AsyncSession, review_id: uuid.UUID, *, keep: bool) -> Review | None:
    """An administrator's decision on a reported review: published again, or removed for
    good. None when no reported review has this id."""
    review = await repository.get(session, review_id)
    if review is None or review.status != ReviewStatus.REPORTED:
        return None
    review.status = ReviewStatus.PUBLISHED if keep else ReviewStatus.REMOVED
    await session.flush()
    if keep:
        await repository.adjust_rating(session, review.expert_id, count=1, stars=review.rating)
    return review


async def expert_reviews(
    session: AsyncSession, expert: Expert, *, limit: int, cursor: str | None
) -> ReviewsPage:
    before = None
    if cursor:
        payload = cursors.decode(cursor)
        try:
            created = datetime.fromisoformat(payload["c"])
            if created.tzinfo is None:
                raise ValueError("a time without its offset")
            before = (created, uuid.UUID(payload["i"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise cursors.invalid() from None
    rows = await repository.published_page(session, expert.id, before=before, limit=limit + 1)
    more, rows = len(rows) > limit, rows[:limit]
    next_cursor = None
    if more:
        last = rows[-1][0]
        next_cursor = cursors.encode({"c": last.created_at.isoformat(), "i": str(last.id)})
    return ReviewsPage(
        rating=experts.rating_of(expert),
        items=[to_read(review, title) for review, title in rows],
        next_cursor=next_cursor,
    )
