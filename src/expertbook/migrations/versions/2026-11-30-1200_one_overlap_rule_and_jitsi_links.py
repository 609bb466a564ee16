"""One overlap rule in the application; Jitsi Meet links for bookings

The lock-and-check function is gone: bookings/overlap.py takes the lock and checks the
range through the request's session, with the exclusion constraint behind it. Bookings
gain a Jitsi Meet link, a meeting room that works without any account.

Revision ID: 20261130_1200
Revises: 20261125_1900
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261130_1200"
down_revision: str | None = "20261125_1900"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = "expertbook_lock_and_check_free(integer, uuid, timestamptz, timestamptz, uuid)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}")
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("jitsi_url", sa.String(length=200), nullable=True))
        batch.create_unique_constraint(op.f("uq_bookings_jitsi_url"), ["jitsi_url"])


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_constraint(op.f("uq_bookings_jitsi_url"), type_="unique")
        batch.drop_column("jitsi_url")
    # The function is not recreated: the application no longer calls it.
