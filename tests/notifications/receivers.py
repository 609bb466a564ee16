"""Real receivers on loopback: an SMTP server (aiosmtpd) and an HTTP endpoint (aiohttp)."""

import asyncio
import email
import email.policy
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiohttp import web
from aiosmtpd.controller import Controller

from tests.live import free_port


@dataclass
class Received:
    recipients: list[str]
    message: EmailMessage


class _Recorder:
    def __init__(self, sink: "SmtpServer") -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.sink.delay:
            # One message at a time, each taking `delay`: a slow server, to stop a
            # sender in the middle of a batch.
            self._turn = getattr(self, "_turn", None) or asyncio.Lock()
            async with self._turn:
                await asyncio.sleep(self.sink.delay)
                return self._accept(server, envelope)
        return self._accept(server, envelope)

    def _accept(self, server: Any, envelope: Any) -> str:
        # A message counts as delivered once the server answers 250 to a client that is
        # still there to hear it: what a real mail server's acceptance means.
        transport = getattr(server, "transport", None)
        if transport is None or transport.is_closing():
            return "451 client went away"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.sink.lock:
            self.sink.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 OK"


@dataclass
class SmtpServer:
    port: int = field(default_factory=free_port)
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpServer":
        self._controller = Controller(_Recorder(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [r.message for r in self.received if address in r.recipients]

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(r.message["Message-ID"]) for r in self.received]


@dataclass
class Call:
    headers: dict[str, str]
    body: bytes


class HttpReceiver:
    """An HTTP endpoint that records every POST and answers with the next queued status."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.calls: list[Call] = []
        self.statuses: list[int] = []
        self._runner: web.AppRunner | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        self.calls.append(Call(dict(request.headers), await request.read()))
        status = self.statuses.pop(0) if self.statuses else 200
        return web.Response(status=status, text="ok" if status < 400 else "nope")

    async def start(self) -> "HttpReceiver":
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
