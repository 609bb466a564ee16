"""Group sessions: an event type's seats, and the session each booking belongs to

Revision ID: 20261201_0600
Revises: 20261201_0500
Create Date: 2026-12-01 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_0600"
down_revision: str | None = "20261201_0500"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = "ex_bookings_no_overlap"
HOLDING = "'confirmed', 'pending'"


def _exclusion(*, by_session: bool) -> None:
    # The seats of one session share its range; any two other bookings never overlap.
    session = ",\n            session_key WITH <>" if by_session else ""
    op.execute(f"ALTER TABLE bookings DROP CONSTRAINT {CONSTRAINT}")
    op.execute(
        f"""
        ALTER TABLE bookings ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (
            expert_id WITH =,
            tstzrange(buffered_start, buffered_end, '[)') WITH &&{session}
        ) WHERE (status IN ({HOLDING}))
        """
    )


def upgrade() -> None:
    with op.batch_alter_table("event_types") as batch:
        batch.add_column(sa.Column("seats", sa.Integer(), nullable=True))
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("session_key", sa.Uuid(), nullable=True))
    # Every booking so far is one-to-one: a session of its own.
    op.execute("UPDATE bookings SET session_key = id")
    with op.batch_alter_table("bookings") as batch:
        batch.alter_column("session_key", existing_type=sa.Uuid(), nullable=False)
        batch.create_index("ix_bookings_session_key", ["session_key", "status"])
    if op.get_bind().dialect.name == "postgresql":
        _exclusion(by_session=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _exclusion(by_session=False)
    with op.batch_alter_table("bookings") as batch:
        batch.drop_index("ix_bookings_session_key")
        batch.drop_column("session_key")
    with op.batch_alter_table("event_types") as batch:
        batch.drop_column("seats")
