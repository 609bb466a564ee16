"""The sites that may frame an expert's booking page

Revision ID: 20261201_0400
Revises: 20261201_0300
Create Date: 2026-12-01 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_0400"
down_revision: str | None = "20261201_0300"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("experts") as batch:
        batch.add_column(
            sa.Column("embed_origins", sa.JSON(), nullable=False, server_default='["*"]')
        )


def downgrade() -> None:
    with op.batch_alter_table("experts") as batch:
        batch.drop_column("embed_origins")
