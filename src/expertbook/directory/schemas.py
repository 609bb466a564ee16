import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from expertbook.experts.schemas import Rating
from expertbook.kit.schema import Schema

DirectorySort = Literal["rank", "available"]


class SessionTypeSummary(Schema):
    """A bookable session type as the directory shows it."""

    id: uuid.UUID
    title: str
    slug: str
    duration_minutes: int


class DirectoryEntry(Schema):
    id: uuid.UUID
    username: str
    name: str
    headline: str
    topics: list[str]
    languages: list[str]
    avatar_url: str | None
    rating: Rating
    session_types: list[SessionTypeSummary]
    next_free_slot: datetime | None = Field(
        description="The start of the first free slot within 14 days, if there is one"
    )
    next_free_known: bool = Field(
        description="False for a few seconds after the expert's free time changed, while"
        " their next free slot is computed again"
    )


class DirectoryPage(Schema):
    items: list[DirectoryEntry]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )


class TopicCount(Schema):
    topic: str
    experts: int
