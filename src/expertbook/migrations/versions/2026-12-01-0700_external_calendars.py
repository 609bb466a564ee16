"""External calendars: connections, their cached busy times, bookings written into them,
and whether an expert has any

Revision ID: 20261201_0700
Revises: 20261201_0610
Create Date: 2026-12-01 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_0700"
down_revision: str | None = "20261201_0610"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("experts") as batch:
        batch.add_column(
            sa.Column("has_calendars", sa.Boolean(), nullable=False, server_default="0")
        )
    op.create_table(
        "calendar_connections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("credentials", sa.Text(), nullable=True),
        sa.Column("calendars", sa.JSON(), nullable=False),
        sa.Column("write_calendar_url", sa.String(length=2000), nullable=True),
        sa.Column("next_sync_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sync_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["experts.id"],
            name="fk_calendar_connections_expert_id_experts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_connections"),
    )
    op.create_index(
        "ix_calendar_connections_expert_id", "calendar_connections", ["expert_id"]
    )
    op.create_index(
        "ix_calendar_connections_next_sync_at", "calendar_connections", ["next_sync_at"]
    )
    op.create_table(
        "external_busy",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("calendar_url", sa.String(length=2000), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["calendar_connections.id"],
            name="fk_external_busy_connection_id_calendar_connections",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_external_busy"),
    )
    op.create_index("ix_external_busy_connection_id", "external_busy", ["connection_id"])
    op.create_index("ix_external_busy_expert_start", "external_busy", ["expert_id", "start_at"])
    op.create_table(
        "calendar_copies",
        sa.Column("booking_id", sa.Uuid(), nullable=False),
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("calendar_url", sa.String(length=2000), nullable=False),
        sa.Column("event_url", sa.String(length=2000), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["calendar_connections.id"],
            name="fk_calendar_copies_connection_id_calendar_connections",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("booking_id", name="pk_calendar_copies"),
    )
    op.create_index("ix_calendar_copies_connection_id", "calendar_copies", ["connection_id"])


def downgrade() -> None:
    op.drop_table("calendar_copies")
    op.drop_table("external_busy")
    op.drop_table("calendar_connections")
    with op.batch_alter_table("experts") as batch:
        batch.drop_column("has_calendars")
