"""A calendar's last error kept as a message and its values, worded for each reader

Revision ID: 20261202_1200
Revises: 20261202_0900
Create Date: 2026-12-02 12:00:00

`last_error` now holds the message's English template, and the new `last_error_values`
its values. An error stored before is English text without values: it still reads as
it did, and the next read of the calendar replaces it. After a downgrade, an error with
values shows its template until that next read.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261202_1200"
down_revision: str | None = "20261202_0900"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("calendar_connections", sa.Column("last_error_values", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("calendar_connections", "last_error_values")
