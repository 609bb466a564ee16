"""The waitlist: clients in line for a full session or a taken slot, and held places

Revision ID: 20261201_0610
Revises: 20261201_0600
Create Date: 2026-12-01 06:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_0610"
down_revision: str | None = "20261201_0600"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = "ex_bookings_no_overlap"


def _exclusion(statuses: str) -> None:
    op.execute(f"ALTER TABLE bookings DROP CONSTRAINT {CONSTRAINT}")
    op.execute(
        f"""
        ALTER TABLE bookings ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (
            expert_id WITH =,
            tstzrange(buffered_start, buffered_end, '[)') WITH &&,
            session_key WITH <>
        ) WHERE (status IN ({statuses}))
        """
    )


def upgrade() -> None:
    with op.batch_alter_table("event_types") as batch:
        batch.add_column(
            sa.Column("waitlist_hold_minutes", sa.Integer(), nullable=False, server_default="30")
        )
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("event_type_id", sa.Uuid(), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("booking_id", sa.Uuid(), nullable=True),
        sa.Column("offered_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["experts.id"],
            name="fk_waitlist_entries_expert_id_experts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_type_id"],
            ["event_types.id"],
            name="fk_waitlist_entries_event_type_id_event_types",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name="fk_waitlist_entries_booking_id_bookings",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_waitlist_entries"),
    )
    op.create_index(
        "ix_waitlist_entries_line",
        "waitlist_entries",
        ["event_type_id", "start_at", "status", "created_at"],
    )
    op.create_index(
        "ix_waitlist_entries_offers", "waitlist_entries", ["status", "offered_until"]
    )
    if op.get_bind().dialect.name == "postgresql":
        # A place held for the waitlist holds the expert's time as a booking does.
        _exclusion("'confirmed', 'pending', 'held'")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _exclusion("'confirmed', 'pending'")
    op.drop_table("waitlist_entries")
    with op.batch_alter_table("event_types") as batch:
        batch.drop_column("waitlist_hold_minutes")
