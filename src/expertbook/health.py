"""Liveness and the reachability of the database (and Redis, when configured)."""

import asyncio
from collections.abc import Coroutine
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from expertbook.db import Database
from expertbook.kit.schema import Schema

HEALTH_TIMEOUT_SECONDS = 1.0  # per check: answers within 2 s even on a busy host
public_router = APIRouter(tags=["health"])


class Health(Schema):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unreachable"]
    redis: Literal["ok", "unreachable", "not_configured"]


@public_router.get("/healthz", operation_id="health-check", responses={503: {"model": Health}})
async def healthz(request: Request) -> JSONResponse:
    """200 when the database (and Redis, when configured) answer; 503 otherwise."""
    database: Database = request.app.state.database
    db_status, redis_status = await asyncio.gather(
        _bounded(_database_health(database), "unreachable"),
        _bounded(request.app.state.realtime.redis_health(), "unreachable"),
    )
    healthy = db_status == "ok" and redis_status != "unreachable"
    body = Health(status="ok" if healthy else "degraded", database=db_status, redis=redis_status)
    return JSONResponse(body.model_dump(by_alias=True), status_code=200 if healthy else 503)


async def _database_health(database: Database) -> str:
    try:
        async with database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return "ok"
    except Exception:
        return "unreachable"


_LATE_CHECKS: set[asyncio.Task[str]] = set()


async def _bounded(check: Coroutine[Any, Any, str], timed_out: str) -> str:
    """A frozen dependency must not hold the answer.

    A late check is left to finish in the background (its own time-outs end it):
    cancelling it would wait for its clean-up, which talks to the frozen server too.
    """
    task = asyncio.create_task(check)
    done, _ = await asyncio.wait({task}, timeout=HEALTH_TIMEOUT_SECONDS)
    if task in done:
        return task.result()
    _LATE_CHECKS.add(task)
    task.add_done_callback(_LATE_CHECKS.discard)
    return timed_out
