"""The full-text search objects that live outside the ORM's metadata.

Each database has its own: on PostgreSQL a `tsvector` column on `experts` kept by a
trigger, with a GIN index; on SQLite an FTS5 table `experts_fts` (and the shadow tables
FTS5 keeps) kept by triggers. Both are created by the migration
2026-12-01-0800_directory_and_reviews and read by directory/search.py; comparing the
models with a migrated database leaves them out.
"""

from collections.abc import Mapping

SQLITE_FTS_TABLE = "experts_fts"
POSTGRES_VECTOR_COLUMN = "search_vector"
POSTGRES_VECTOR_INDEX = "ix_experts_search_vector"


def include_name(name: str | None, type_: str, parent_names: Mapping[str, str | None]) -> bool:
    """Alembic's `include_name`: False for the search objects, True for everything else."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(SQLITE_FTS_TABLE)
    if type_ == "column":
        return not (parent_names.get("table_name") == "experts" and name == POSTGRES_VECTOR_COLUMN)
    if type_ == "index":
        return name != POSTGRES_VECTOR_INDEX
    return True
