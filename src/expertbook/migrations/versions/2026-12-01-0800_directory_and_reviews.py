"""The expert directory (topics, languages, listing, avatar, full-text search) and reviews

Revision ID: 20261201_0800
Revises: 20261201_0700
Create Date: 2026-12-01 08:00:00

Full-text search differs by database (see expertbook/migrations/search_objects.py):
PostgreSQL keeps a weighted `tsvector` column with a GIN index, SQLite an FTS5 table;
triggers keep either in step with the expert's name, topics, headline and bio, whoever
writes them. Weights: name and topics count most, then the headline, the bio least.

On SQLite, a later migration that rebuilds `experts` or `users` in batch mode drops
their triggers: it must create them again (`_sqlite_triggers`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_0800"
down_revision: str | None = "20261201_0700"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_POSTGRES_UP = [
    "ALTER TABLE experts ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION experts_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('simple', coalesce(
                (SELECT name FROM users WHERE users.id = NEW.user_id), '')), 'A')
            || setweight(to_tsvector('simple', coalesce(
                (SELECT string_agg(topic, ' ') FROM json_array_elements_text(NEW.topics) AS topic),
                '')), 'A')
            || setweight(to_tsvector('simple', coalesce(NEW.headline, '')), 'B')
            || setweight(to_tsvector('simple', coalesce(NEW.bio, '')), 'D');
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER experts_search_vector
    BEFORE INSERT OR UPDATE OF headline, bio, topics, user_id ON experts
    FOR EACH ROW EXECUTE FUNCTION experts_search_vector()
    """,
    """
    CREATE FUNCTION users_name_to_experts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE experts SET headline = headline WHERE user_id = NEW.id;  -- recomputes the vector
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER users_name_to_experts AFTER UPDATE OF name ON users
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION users_name_to_experts()
    """,
    "UPDATE experts SET headline = headline",
    "CREATE INDEX ix_experts_search_vector ON experts USING gin (search_vector)",
]
_POSTGRES_DOWN = [
    "DROP TRIGGER users_name_to_experts ON users",
    "DROP FUNCTION users_name_to_experts()",
    "DROP TRIGGER experts_search_vector ON experts",
    "DROP FUNCTION experts_search_vector()",
    "DROP INDEX ix_experts_search_vector",
    "ALTER TABLE experts DROP COLUMN search_vector",
]

_SQLITE_ROW = """
    NEW.id,
    (SELECT name FROM users WHERE users.id = NEW.user_id),
    NEW.headline,
    (SELECT group_concat(value, ' ') FROM json_each(NEW.topics)),
    NEW.bio
"""
_SQLITE_INSERT = (
    f"INSERT INTO experts_fts (expert_id, name, headline, topics, bio) VALUES ({_SQLITE_ROW});"
)


def _sqlite_triggers() -> list[str]:
    return [
        f"""
        CREATE TRIGGER experts_fts_insert AFTER INSERT ON experts BEGIN
            {_SQLITE_INSERT}
        END
        """,
        f"""
        CREATE TRIGGER experts_fts_update AFTER UPDATE OF headline, bio, topics, user_id
        ON experts BEGIN
            DELETE FROM experts_fts WHERE expert_id = OLD.id;
            {_SQLITE_INSERT}
        END
        """,
        """
        CREATE TRIGGER experts_fts_delete AFTER DELETE ON experts BEGIN
            DELETE FROM experts_fts WHERE expert_id = OLD.id;
        END
        """,
        """
        CREATE TRIGGER users_name_to_experts_fts AFTER UPDATE OF name ON users
        WHEN OLD.name IS NOT NEW.name BEGIN
            UPDATE experts_fts SET name = NEW.name
            WHERE expert_id IN (SELECT id FROM experts WHERE user_id = NEW.id);
        END
        """,
    ]


_SQLITE_UP = [
    # expert_id is stored, not indexed: it joins the hits back to `experts`.
    "CREATE VIRTUAL TABLE experts_fts USING fts5("
    "expert_id UNINDEXED, name, headline, topics, bio, tokenize = 'unicode61 remove_diacritics 2')",
    *_sqlite_triggers(),
    """
    INSERT INTO experts_fts (expert_id, name, headline, topics, bio)
    SELECT experts.id, users.name, experts.headline,
           (SELECT group_concat(value, ' ') FROM json_each(experts.topics)), experts.bio
    FROM experts JOIN users ON users.id = experts.user_id
    """,
]
_SQLITE_DOWN = [
    "DROP TRIGGER users_name_to_experts_fts",
    "DROP TRIGGER experts_fts_delete",
    "DROP TRIGGER experts_fts_update",
    "DROP TRIGGER experts_fts_insert",
    "DROP TABLE experts_fts",
]


def upgrade() -> None:
    with op.batch_alter_table("experts") as batch:
        batch.add_column(sa.Column("topics", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("languages", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("listed", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("avatar_key", sa.String(length=100), nullable=True))
        batch.add_column(
            sa.Column("review_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("rating_sum", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_free_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("next_free_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column(
                "next_free_generation", sa.BigInteger(), nullable=False, server_default="-1"
            )
        )
    op.create_index(
        "ix_experts_directory",
        "experts",
        ["listed", "review_count", "rating_sum", "next_free_at", "id"],
    )

    op.create_table(
        "expert_tags",
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"], ["experts.id"], name="fk_expert_tags_expert_id_experts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("expert_id", "kind", "value", name="pk_expert_tags"),
    )
    op.create_index("ix_expert_tags_kind_value", "expert_tags", ["kind", "value", "expert_id"])

    op.create_table(
        "reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("booking_id", sa.Uuid(), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("report_reason", sa.String(length=500), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="ck_reviews_rating_range"),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name="fk_reviews_booking_id_bookings",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"], ["experts.id"], name="fk_reviews_expert_id_experts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.UniqueConstraint("booking_id", name="uq_reviews_booking_id"),
    )
    op.create_index(
        "ix_reviews_expert_status_created", "reviews", ["expert_id", "status", "created_at"]
    )

    statements = _POSTGRES_UP if op.get_bind().dialect.name == "postgresql" else _SQLITE_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = _POSTGRES_DOWN if op.get_bind().dialect.name == "postgresql" else _SQLITE_DOWN
    for statement in statements:
        op.execute(statement)
    op.drop_table("reviews")
    op.drop_table("expert_tags")
    op.drop_index("ix_experts_directory", table_name="experts")
    with op.batch_alter_table("experts") as batch:
        for name in (
            "next_free_generation", "next_free_until", "next_free_at", "rating_sum",
            "review_count", "avatar_key", "listed", "languages", "topics",
        ):
            batch.drop_column(name)
