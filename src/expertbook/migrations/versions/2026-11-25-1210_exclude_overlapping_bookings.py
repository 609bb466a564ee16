"""Exclude overlapping confirmed bookings of one expert (PostgreSQL)

The database itself refuses two confirmed bookings of one expert whose buffered
ranges overlap, whatever the application does. SQLite has no such constraint;
there the check and insert share one write-locked transaction instead.

Revision ID: 20261125_1210
Revises: 20261125_1200
Create Date: 2026-11-25 12:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261125_1210"
down_revision: str | None = "20261125_1200"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = "ex_bookings_no_overlap"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute(
        f"""
        ALTER TABLE bookings ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (
            expert_id WITH =,
            tstzrange(buffered_start, buffered_end, '[)') WITH &&
        ) WHERE (status = 'confirmed')
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE bookings DROP CONSTRAINT {CONSTRAINT}")
