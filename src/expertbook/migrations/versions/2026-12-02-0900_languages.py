"""The language each person's emails are written in: accounts, bookings, waitlist entries

Revision ID: 20261202_0900
Revises: 20261201_0800
Create Date: 2026-12-02 09:00:00

Rows written before read English, as every email did until now. Plain ADD/DROP COLUMN on
both databases (SQLite 3.35+ drops a column in place), so no table is rebuilt and the
search triggers on `users` stay.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261202_0900"
down_revision: str | None = "20261201_0800"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("users", "bookings", "waitlist_entries")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table, sa.Column("language", sa.String(8), nullable=False, server_default="en")
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "language")
