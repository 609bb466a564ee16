"""Record who moved a booking, and when

Revision ID: 20261130_1400
Revises: 20261130_1300
Create Date: 2026-11-30 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261130_1400"
down_revision: str | None = "20261130_1300"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("rescheduled_by", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("rescheduled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("rescheduled_at")
        batch.drop_column("rescheduled_by")
