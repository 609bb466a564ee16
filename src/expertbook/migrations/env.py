"""Alembic environment: async engine, batch mode on SQLite, one metadata."""

import asyncio
import logging.config

from alembic import context
from sqlalchemy.engine import Connection

from expertbook.config import get_settings
from expertbook.db import create_engine
from expertbook.migrations.search_objects import include_name
from expertbook.models import Base

config = context.config
if config.config_file_name and config.attributes.get("configure_logging", True):
    logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> str:
    return str(config.attributes.get("database_url") or get_settings().database_url)


def _configure(connection: Connection | None = None) -> None:
    url = _url()
    context.configure(
        connection=connection,
        url=None if connection else url,
        target_metadata=Base.metadata,
        render_as_batch=url.startswith("sqlite"),  # SQLite alters tables by copying them
        compare_type=True,
        include_name=include_name,  # the search objects live outside the metadata
        literal_binds=connection is None,
    )


def _run_sync(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    settings = get_settings().model_copy(update={"database_url": _url()})
    engine = create_engine(settings)
    async with engine.connect() as connection:
        await connection.run_sync(_run_sync)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    _configure()
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
