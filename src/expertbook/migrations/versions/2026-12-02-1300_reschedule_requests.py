"""An expert may cancel a booking asking the client to pick another time

Revision ID: 20261202_1300
Revises: 20261202_1200
Create Date: 2026-12-02 13:00:00

Plain ADD/DROP COLUMN on both databases, as in the languages revision: no table is
rebuilt. Bookings cancelled before were not asked to move.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261202_1300"
down_revision: str | None = "20261202_1200"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "bookings",
        sa.Column("reschedule_requested", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("bookings", "reschedule_requested")
