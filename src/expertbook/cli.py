"""The `expertbook` command: serve, migrate, demo, outbox, admin.

Each uvicorn worker re-imports this module before it can answer its supervisor's health
check, so it imports only Typer at the top: each command imports what it needs.
"""

import asyncio
import contextlib
import ipaddress
import os
import signal
import tempfile
from collections.abc import Iterator
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from expertbook.config import Settings

METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus_client

app = typer.Typer(help="ExpertBook: open scheduling with no double bookings.", no_args_is_help=True)
admin = typer.Typer(help="Decisions for the site's administrator.", no_args_is_help=True)
app.add_typer(admin, name="admin")


def local_url(host: str, port: int) -> str:
    """The address of a server bound to host:port, as a browser on this machine reaches it."""
    if host in ("", "0.0.0.0", "::"):  # every interface: this machine reaches it by loopback
        host = "127.0.0.1"
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass  # a host name
    return f"http://{host}:{port}"


def settings_for(host: str, port: int) -> "Settings":
    """The settings, with EXPERTBOOK_PUBLIC_URL derived from host and port when it is unset.

    The derived value goes into the environment so that uvicorn's workers, which read
    their own settings, name the same address in calendar files and links.
    """
    from expertbook.config import get_settings

    settings = get_settings()
    if "public_url" not in settings.model_fields_set:
        os.environ["EXPERTBOOK_PUBLIC_URL"] = local_url(host, port)
        get_settings.cache_clear()
        settings = get_settings()
    return settings


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
    migrate: Annotated[bool, typer.Option(help="Apply pending migrations first")] = True,
    access_log: Annotated[bool, typer.Option(help="Print one line per request")] = True,
) -> None:
    """Serve the API, Socket.IO and the web app."""
    import uvicorn

    from expertbook.migrations.runner import upgrade
    from expertbook.observability.logging import log_config

    # Being asked to stop (Ctrl-C, SIGTERM) is how a server ends: uvicorn shuts down
    # gracefully, then raises the signal again with these handlers, which exit with 0.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    settings = settings_for(host, port)
    if migrate:
        upgrade(settings.database_url)
    typer.echo(f"ExpertBook on {settings.public_url} ({settings.database_url.split(':', 1)[0]})")
    with metrics_directory():
        uvicorn.run(
            "expertbook.main:create_asgi",
            factory=True,
            host=host,
            port=port,
            workers=None if reload else workers,
            reload=reload,
            log_level="info",
            # ExpertBook's access log (route template, request id) replaces uvicorn's.
            log_config=log_config(json=settings.env == "production", access_log=access_log),
            access_log=False,
            # X-Forwarded-For decides the client address that logins are throttled by:
            # believed only from the proxies an operator names.
            proxy_headers=bool(settings.trusted_proxies),
            forwarded_allow_ips=",".join(settings.trusted_proxies) or None,
            # A worker that has not answered within this margin is killed and replaced: on
            # a busy machine a worker needs more than uvicorn's 5 s default to start.
            timeout_worker_healthcheck=settings.worker_healthcheck_seconds,
        )


@contextlib.contextmanager
def metrics_directory() -> Iterator[None]:
    """A fresh directory where every worker writes its metrics (prometheus_client's
    multiprocess mode), removed when the server stops. An operator's own
    PROMETHEUS_MULTIPROC_DIR is used as it is. Set before the app, and so
    prometheus_client, is imported: the library reads it once, on import."""
    if os.environ.get(METRICS_DIR_ENV):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="expertbook-metrics-") as path:
        os.environ[METRICS_DIR_ENV] = path
        try:
            yield
        finally:
            os.environ.pop(METRICS_DIR_ENV, None)


@app.command()
def migrate(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Apply pending database migrations."""
    from expertbook.config import get_settings
    from expertbook.migrations.runner import upgrade

    settings = get_settings()
    upgrade(settings.database_url, revision)
    typer.echo("Database is up to date.")


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="The server's interface, for the links")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The server's port, for the links")] = 8000,
) -> None:
    """Load a demo expert with three event types and some bookings."""
    from expertbook.demo import load_demo
    from expertbook.migrations.runner import upgrade

    settings = settings_for(host, port)
    upgrade(settings.database_url)
    email, password, username = asyncio.run(load_demo(settings))
    typer.echo(f"Demo expert ready: log in as {email} / {password}")
    typer.echo(f"Public page: {settings.public_url.rstrip('/')}/{username}")


@app.command()
def outbox(
    retry: Annotated[
        str | None, typer.Option(help="Make this pending or failed message due now (its id)")
    ] = None,
    all_messages: Annotated[
        bool, typer.Option("--all", help="List sent and skipped messages too")
    ] = False,
) -> None:
    """List the emails and webhook calls waiting or failed; retry one."""
    from expertbook.config import get_settings
    from expertbook.outbox.admin import list_lines, retry_message

    settings = get_settings()
    if retry is not None:
        found = asyncio.run(retry_message(settings, retry))
        if not found:
            typer.echo(f"No pending or failed message has the id {retry}.", err=True)
            raise typer.Exit(1)
        typer.echo(f"Message {retry} is due now; a running server delivers it within seconds.")
        return
    for line in asyncio.run(list_lines(settings, everything=all_messages)):
        typer.echo(line)


@admin.command()
def reviews(
    keep: Annotated[
        str | None, typer.Option(help="Publish this reported review again (its id)")
    ] = None,
    remove: Annotated[
        str | None, typer.Option(help="Remove this reported review for good (its id)")
    ] = None,
) -> None:
    """List the reviews experts reported (hidden meanwhile); keep or remove one."""
    from expertbook.config import get_settings
    from expertbook.reviews.admin import decide, reported_lines

    settings = get_settings()
    if keep is not None and remove is not None:
        typer.echo("Choose --keep or --remove, not both.", err=True)
        raise typer.Exit(2)
    chosen = keep if keep is not None else remove
    if chosen is not None:
        if not asyncio.run(decide(settings, chosen, keep=keep is not None)):
            typer.echo(f"No reported review has the id {chosen}.", err=True)
            raise typer.Exit(1)
        outcome = "published again" if keep is not None else "removed"
        typer.echo(f"Review {chosen} is {outcome}.")
        return
    for line in asyncio.run(reported_lines(settings)):
        typer.echo(line)


if __name__ == "__main__":
    app()
