import uuid
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.models.base import Base


class TagKind(StrEnum):
    TOPIC = "topic"
    LANGUAGE = "language"


class ExpertTag(Base):
    """One of an expert's topics or languages, normalised: what the directory filters on.
    The expert's own lists (in their order) stay on `Expert`; experts/service.py keeps both."""

    __tablename__ = "expert_tags"
    # Which experts have a tag, from the index alone.
    __table_args__ = (Index("ix_expert_tags_kind_value", "kind", "value", "expert_id"),)

    expert_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(40), primary_key=True)
