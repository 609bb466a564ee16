"""Booking rules: confirmation, questions, durations, limits, notice, hidden types, private links

Revision ID: 20261201_0200
Revises: 20261201_0100
Create Date: 2026-12-01 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_0200"
down_revision: str | None = "20261201_0100"
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
            tstzrange(buffered_start, buffered_end, '[)') WITH &&
        ) WHERE (status IN ({statuses}))
        """
    )


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("answers", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("guests", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("no_show", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("event_types") as batch:
        batch.add_column(
            sa.Column(
                "requires_confirmation", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column("questions", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("duration_options", sa.JSON(), nullable=False, server_default="[]")
        )
        batch.add_column(sa.Column("limit_per_day", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("limit_per_week", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("cancel_notice_minutes", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("experts") as batch:
        batch.add_column(sa.Column("max_bookings_per_day", sa.Integer(), nullable=True))
    op.create_table(
        "private_links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_type_id", sa.Uuid(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("key_hint", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("booking_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_type_id"],
            ["event_types.id"],
            name="fk_private_links_event_type_id_event_types",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name="fk_private_links_booking_id_bookings",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_private_links"),
        sa.UniqueConstraint("key_hash", name="uq_private_links_key_hash"),
    )
    op.create_index("ix_private_links_event_type_id", "private_links", ["event_type_id"])
    if op.get_bind().dialect.name == "postgresql":
        # A request awaiting confirmation holds its time as a confirmed booking does.
        _exclusion("'confirmed', 'pending'")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _exclusion("'confirmed'")
    op.drop_table("private_links")
    with op.batch_alter_table("experts") as batch:
        batch.drop_column("max_bookings_per_day")
    with op.batch_alter_table("event_types") as batch:
        for name in (
            "hidden",
            "cancel_notice_minutes",
            "limit_per_week",
            "limit_per_day",
            "duration_options",
            "questions",
            "requires_confirmation",
        ):
            batch.drop_column(name)
    with op.batch_alter_table("bookings") as batch:
        for name in ("no_show", "guests", "answers"):
            batch.drop_column(name)
