"""Migrations and models agree, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from expertbook.migrations.search_objects import include_name
from expertbook.models import Base


class TestMigrations:
    async def test_models_match_the_migrated_schema(self, engine: AsyncEngine) -> None:
        def diff(connection):  # type: ignore[no-untyped-def]
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            )
            return compare_metadata(context, Base.metadata)

        async with engine.connect() as connection:
            assert await connection.run_sync(diff) == []

    async def test_postgres_has_the_no_overlap_constraint(
        self, engine: AsyncEngine, backend: str
    ) -> None:
        if backend != "postgresql":
            return
        async with engine.connect() as connection:
            found = await connection.scalar(
                text(
                    "SELECT contype::text FROM pg_constraint"
                    " WHERE conname = 'ex_bookings_no_overlap'"
                )
            )
        assert found == "x"
