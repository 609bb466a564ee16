"""The `expertbook` command: serve, migrate, demo."""

import asyncio
from typing import Annotated

import typer
import uvicorn

from expertbook.config import get_settings
from expertbook.migrations.runner import upgrade

app = typer.Typer(help="ExpertBook: open scheduling with no double bookings.", no_args_is_help=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
    migrate: Annotated[bool, typer.Option(help="Apply pending migrations first")] = True,
) -> None:
    """Serve the API, Socket.IO and the web app."""
    settings = get_settings()
    if migrate:
        upgrade(settings.database_url)
    typer.echo(f"ExpertBook on http://{host}:{port} ({settings.database_url.split(':', 1)[0]})")
    uvicorn.run(
        "expertbook.main:create_asgi",
        factory=True,
        host=host,
        port=port,
        workers=None if reload else workers,
        reload=reload,
        log_level="info",
        access_log=False,
        proxy_headers=True,
    )


@app.command()
def migrate(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Apply pending database migrations."""
    settings = get_settings()
    upgrade(settings.database_url, revision)
    typer.echo("Database is up to date.")


@app.command()
def demo() -> None:
    """Load a demo expert with three event types and some bookings."""
    from expertbook.demo import load_demo

    settings = get_settings()
    upgrade(settings.database_url)
    email, password, username = asyncio.run(load_demo(settings))
    typer.echo(f"Demo expert ready: log in as {email} / {password}")
    typer.echo(f"Public page: {settings.public_url.rstrip('/')}/{username}")


if __name__ == "__main__":
    app()
