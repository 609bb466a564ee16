"""The Socket.IO server: connect auth, rooms, watching an expert's public slots."""

import asyncio
import logging
from typing import Any

import socketio
from pydantic import ValidationError
from redis.asyncio import Redis

from expertbook.auth.service import user_for_token
from expertbook.config import Settings
from expertbook.db import Database
from expertbook.errors import validation_error_body
from expertbook.experts.service import expert_exists
from expertbook.observability.metrics import Metrics
from expertbook.realtime.limits import MAX_WATCHED_EXPERTS, SocketAllowance
from expertbook.realtime.rooms import Outgoing, expert_room, user_room, watchers_room
from expertbook.realtime.schemas import WatchExpert

logger = logging.getLogger("expertbook.realtime")
REDIS_CONNECT_TIMEOUT_SECONDS = 5
SEND_TIMEOUT_SECONDS = 10
SEND_WAIT_SECONDS = 0.05  # the longest an HTTP answer waits for its events to go out


class Realtime:
    """One Socket.IO server per app; with a Redis URL, events reach every instance."""

    def __init__(self, settings: Settings, database: Database, metrics: Metrics) -> None:
        self.settings = settings
        self.database = database
        self.metrics = metrics
        manager = None
        if settings.redis_url:
            # No socket_timeout: it makes the pub/sub listener resubscribe in a loop.
            manager = socketio.AsyncRedisManager(
                settings.redis_url,
                redis_options={"socket_connect_timeout": REDIS_CONNECT_TIMEOUT_SECONDS},
            )
        origins: list[str] | None = None
        if settings.cors_origins:
            origins = [*settings.cors_origins, settings.public_url]
        self.sio = socketio.AsyncServer(
            async_mode="asgi", client_manager=manager, cors_allowed_origins=origins
        )
        self.sio.on("connect", self._connect)
        self.sio.on("disconnect", self._disconnect)
        self.sio.on("watchExpert", self._watch_expert)
        self.sio.on("unwatchExpert", self._unwatch_expert)
        self._sending: set[asyncio.Task[None]] = set()
        self._allowances: dict[str, SocketAllowance] = {}

    async def send(self, events: list[Outgoing]) -> None:
        """Send `(event, data, rooms)` in order, waiting for it briefly, never long.

        Usually every socket, here and through Redis, has its events within a millisecond,
        before the HTTP answer goes out. A hung Redis or a fan-out to thousands of sockets
        goes on in the background instead of holding the answer. Delivery is at most once
        either way, and clients resynchronise after a reconnect.
        """
        task = asyncio.create_task(self._send(events))
        self._sending.add(task)  # a strong reference until it is done
        task.add_done_callback(self._sending.discard)
        await asyncio.wait({task}, timeout=SEND_WAIT_SECONDS)

    async def _send(self, events: list[Outgoing]) -> None:
        for event, data, rooms in events:
            try:
                await asyncio.wait_for(self.sio.emit(event, data, to=rooms), SEND_TIMEOUT_SECONDS)
                self.metrics.event_sent(event)
            except Exception:
                logger.exception("could not send %s to %s", event, rooms)

    async def drain(self) -> None:
        """Wait for the events still being sent (at shutdown)."""
        if self._sending:
            await asyncio.wait(self._sending, timeout=SEND_TIMEOUT_SECONDS)

    async def redis_health(self) -> str:
        if not self.settings.redis_url:
            return "not_configured"
        client = Redis.from_url(
            self.settings.redis_url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT_SECONDS
        )
        try:
            await client.ping()
            return "ok"
        except Exception:
            return "unreachable"
        finally:
            await client.aclose()

    async def _connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        token = auth.get("token") if isinstance(auth, dict) else None
        if token:
            async with self.database.read_sessions() as session:
                user = await user_for_token(session, str(token), self.settings)
            if user is None:
                # Never downgrade a bad token to an anonymous connection.
                raise socketio.exceptions.ConnectionRefusedError("invalid_token")
            await self.sio.enter_room(sid, user_room(user.id))
            if user.expert is not None:
                await self.sio.enter_room(sid, expert_room(user.expert.id))
        # else anonymous: may watch experts' public slots, nothing more
        self.metrics.sockets.inc()

    async def _disconnect(self, sid: str, *_: Any) -> None:
        self._allowances.pop(sid, None)
        self.metrics.sockets.dec()

    async def _refused(self, sid: str) -> dict[str, Any] | None:
        """An error answer when the socket is past its rate; cuts off a persistent one."""
        allowance = self._allowances.setdefault(sid, SocketAllowance())
        if allowance.take():
            return None
        if allowance.abusive:
            logger.warning("disconnecting socket %s: far past its event rate", sid)
            await self.sio.disconnect(sid)
        return {"error": {"code": "too_many_requests", "message": "Too many events. Slow down."}}

    async def _accepted(self, sid: str, data: Any) -> WatchExpert | dict[str, Any]:
        """The event's payload when the socket is within its rate and the payload valid;
        else the error answer."""
        if refused := await self._refused(sid):
            return refused
        try:
            return WatchExpert.model_validate(data)
        except ValidationError as exc:
            return {"error": validation_error_body(exc.errors())}

    async def _watch_expert(self, sid: str, data: Any = None) -> dict[str, Any]:
        request = await self._accepted(sid, data)
        if not isinstance(request, WatchExpert):
            return request
        room = watchers_room(request.expert_id)
        watching = self._allowances[sid].watching
        if room not in watching and len(watching) >= MAX_WATCHED_EXPERTS:
            message = f"A connection can watch at most {MAX_WATCHED_EXPERTS} experts."
            return {"error": {"code": "too_many_rooms", "message": message}}
        async with self.database.read_sessions() as session:
            known = await expert_exists(session, request.expert_id)
        if not known:
            return {"error": {"code": "not_found", "message": "No expert with this id."}}
        await self.sio.enter_room(sid, room)
        watching.add(room)
        return {"ok": True}

    async def _unwatch_expert(self, sid: str, data: Any = None) -> dict[str, Any]:
        request = await self._accepted(sid, data)
        if not isinstance(request, WatchExpert):
            return request
        room = watchers_room(request.expert_id)
        await self.sio.leave_room(sid, room)
        self._allowances[sid].watching.discard(room)
        return {"ok": True}
