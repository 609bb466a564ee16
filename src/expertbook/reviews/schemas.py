import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from expertbook.experts.schemas import Rating
from expertbook.kit.schema import Schema

ReviewText = Annotated[str, Field(max_length=2000)]


class ReviewCreate(Schema):
    rating: Annotated[int, Field(ge=1, le=5, description="Stars, 1 to 5")]
    text: ReviewText | None = None


class ReviewReplyCreate(Schema):
    text: Annotated[str, Field(min_length=1, max_length=2000)]


class ReviewReportCreate(Schema):
    reason: Annotated[str | None, Field(max_length=500)] = None


class ReviewRead(Schema):
    """A review as anyone may see it: never the client's name or email."""

    id: uuid.UUID
    rating: int
    text: str | None
    event_title: str
    created_at: datetime
    reply: str | None
    replied_at: datetime | None


class BookingReview(Schema):
    """A booking's review, if any, and whether the asker may leave one now."""

    review: ReviewRead | None
    can_review: bool
    reason: str | None = Field(description="Why no review can be left, when it cannot")


class ReviewsPage(Schema):
    rating: Rating
    items: list[ReviewRead]
    next_cursor: str | None
