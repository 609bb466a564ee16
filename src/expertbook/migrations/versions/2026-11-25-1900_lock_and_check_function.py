"""Lock an expert's calendar and check a range in one call (PostgreSQL)

`expertbook_lock_and_check_free` takes the expert's advisory lock, then reports whether
no other confirmed booking overlaps the range. PL/pgSQL gives the check a snapshot
taken after the lock was granted, so it sees every booking committed by an earlier
holder of the lock. Used as the condition of the booking's INSERT ... SELECT, the lock,
the check and the insert are one statement: one round trip, and the lock is held only
for as long as the database works on it.

Revision ID: 20261125_1900
Revises: 20261125_1210
Create Date: 2026-11-25 19:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261125_1900"
down_revision: str | None = "20261125_1210"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION expertbook_lock_and_check_free(
            lock_namespace integer,
            expert uuid,
            range_start timestamptz,
            range_end timestamptz,
            ignore uuid DEFAULT NULL
        ) RETURNS boolean
        LANGUAGE plpgsql VOLATILE
        AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(lock_namespace, hashtext(expert::text));
            -- Confirmed bookings never overlap, so only the last one to start before
            -- the range ends can reach into it: one step down the busy index.
            RETURN NOT EXISTS (
                SELECT 1
                FROM (
                    SELECT booking.buffered_end
                    FROM bookings AS booking
                    WHERE booking.expert_id = expert
                      AND booking.status = 'confirmed'
                      AND booking.buffered_start < range_end
                      AND booking.id IS DISTINCT FROM ignore
                    ORDER BY booking.buffered_start DESC
                    LIMIT 1
                ) AS last_before
                WHERE last_before.buffered_end > range_start
            );
        END
        $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "DROP FUNCTION expertbook_lock_and_check_free(integer, uuid, timestamptz, timestamptz, uuid)"
    )
