"""The floor for real time: a bare python-socketio AsyncServer on the same ASGI stack.

Sockets emit "watch" {room} to join a room; POST /emit {room, event, data} emits to it
(awaited before answering, like ExpertBook's after-commit events). With BARE_SIO_REDIS_URL
set, it uses AsyncRedisManager, so an emit on one process reaches sockets on every process.
"""

import os
from typing import Any

import socketio
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from starlette.types import ASGIApp


def create_app() -> ASGIApp:
    redis_url = os.environ.get("BARE_SIO_REDIS_URL")
    manager = socketio.AsyncRedisManager(redis_url) if redis_url else None
    sio = socketio.AsyncServer(async_mode="asgi", client_manager=manager)

    @sio.on("watch")
    async def watch(sid: str, data: Any) -> dict[str, Any]:
        await sio.enter_room(sid, f"watch:{data['room']}")
        return {"ok": True}

    app = FastAPI()

    @app.post("/emit")
    async def emit(body: dict[str, Any]) -> dict[str, Any]:
        await sio.emit(body["event"], body.get("data"), to=f"watch:{body['room']}")
        return {"ok": True}

    @app.get("/healthz", response_class=PlainTextResponse)
    async def healthz() -> str:
        return "ok"

    return socketio.ASGIApp(sio, other_asgi_app=app, socketio_path="socket.io")
