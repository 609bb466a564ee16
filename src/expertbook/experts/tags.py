"""An expert's topics and languages as rows the directory filters on (ExpertTag)."""

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.models import Expert, ExpertTag, TagKind


async def replace_tags(
    session: AsyncSession, expert: Expert, kind: TagKind, values: list[str]
) -> None:
    """Make the expert's tags of this kind exactly `values` (already normalised)."""
    await session.execute(
        delete(ExpertTag).where(ExpertTag.expert_id == expert.id, ExpertTag.kind == kind)
    )
    if values:
        await session.execute(
            insert(ExpertTag),
            [{"expert_id": expert.id, "kind": kind, "value": value} for value in values],
        )
