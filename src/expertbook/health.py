"""Liveness and the reachability of the database (and Redis, when configured)."""

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from expertbook.db import Database
from expertbook.kit.schema import Schema

public_router = APIRouter(tags=["health"])


class Health(Schema):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unreachable"]
    redis: Literal["ok", "unreachable", "not_configured"]


@public_router.get("/healthz", operation_id="health-check", responses={503: {"model": Health}})
async def healthz(request: Request) -> JSONResponse:
    """200 when the database (and Redis, when configured) answer; 503 otherwise."""
    database: Database = request.app.state.database
    try:
        async with database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        db_status = "ok"
    except Exception:
        db_status = "unreachable"
    redis_status = await request.app.state.realtime.redis_health()
    healthy = db_status == "ok" and redis_status != "unreachable"
    body = Health(status="ok" if healthy else "degraded", database=db_status, redis=redis_status)
    return JSONResponse(body.model_dump(by_alias=True), status_code=200 if healthy else 503)
