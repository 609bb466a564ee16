"""ASGI middleware: request ids (and who observes each answered request), the request body
size limit, printable addresses, security headers."""

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from expertbook.errors import envelope
from expertbook.kit import i18n
from expertbook.kit.schema import CONTROL_MESSAGE, has_control_characters

MAX_BODY_BYTES = 1024 * 1024


class _BodyTooLarge(HTTPException):
    """Raised while the body streams in: FastAPI lets an HTTPException through as it is,
    where any other error reading the body would become a 400."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodySizeLimit:
    """Answers 413 for a body over the limit, declared or streamed. `larger` names the
    paths (exactly) that take more, such as an upload."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_BODY_BYTES,
        larger: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._reject(scope, receive, send, limit)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await self._reject(scope, receive, send, limit)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        megabytes = f"{limit / (1024 * 1024):.3g}"
        message = i18n.Message("The request body is larger than {size} MB.", size=megabytes)
        response = envelope(413, "payload_too_large", message.in_words(_words(scope)))
        await response(scope, receive, send)


def _words(scope: Scope) -> i18n.Words:
    """The words of the language the request asks for (answered before any route)."""
    return i18n.words(i18n.negotiate(Headers(scope=scope).get("accept-language")))


@dataclass(frozen=True, slots=True)
class FinishedRequest:
    """What is known of a request once it is answered: for the access log and metrics."""

    request_id: str
    method: str
    route: str  # the matched route's template (/api/experts/{username}), or UNMATCHED
    path: str
    query_string: bytes
    status: int
    seconds: float
    client: str


UNMATCHED = "unmatched"  # one label for every path no route matched: bounded cardinality
RequestObserver = Callable[[FinishedRequest], None]


class RequestId:
    """Gives every request an id (or keeps the caller's) and echoes it in X-Request-ID;
    once answered, hands the request to each observer (the access log, the metrics)."""

    def __init__(self, app: ASGIApp, observers: Sequence[RequestObserver] = ()) -> None:
        self.app = app
        self.observers = tuple(observers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500  # unless a response starts: an error escaping here becomes a 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.observers:
                self._observe(scope, request_id, status, time.perf_counter() - started)

    def _observe(self, scope: Scope, request_id: str, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or UNMATCHED
        client = scope.get("client")
        finished = FinishedRequest(
            request_id=request_id,
            method=scope["method"],
            route=route,
            path=scope["path"],
            query_string=scope.get("query_string", b""),
            status=status,
            seconds=seconds,
            client=client[0] if client else "",
        )
        for observe in self.observers:
            observe(finished)


class RefuseControlCharacters:
    """Answers 422 for a path or query string with control characters (such as %00).

    Bodies are checked by the base schema; this covers path and query parameters, so a
    value no person could type never reaches a handler or the database.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = unquote(scope.get("query_string", b"").decode("latin-1"))
            for part, value in (("path", scope["path"]), ("query", query)):
                if has_control_characters(value):
                    message = CONTROL_MESSAGE.in_words(_words(scope))
                    details = [{"field": part, "message": message}]
                    response = envelope(422, "validation_error", message, details)
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


# The web app loads only its own files: no inline script, no third-party origin. The
# API docs (Swagger UI, ReDoc) load theirs from a CDN, so they go without it.
def content_security_policy(frame_ancestors: str = "'self'") -> str:
    """The policy of every page; only the embed route lets other sites frame it."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy()
_DOCS = ("/docs", "/redoc")
# The embed route sets its own frame-ancestors (the expert's sites); X-Frame-Options knows
# no list of sites, so it stays off there. Anything under it that sets no policy of its own
# (an error) still gets frame-ancestors 'self'.
_FRAMABLE = "/embed/"


class SecurityHeaders:
    """Headers every answer carries; personal API answers are never stored by caches.

    Framing is allowed for this origin only, except on the embed route, which sets its own.
    """

    def __init__(self, app: ASGIApp, *, https_only: bool) -> None:
        self.app = app
        self.common = [
            (b"x-content-type-options", b"nosniff"),
            # Manage links carry a token in the query: never send it to other sites.
            (b"referrer-policy", b"no-referrer"),
        ]
        if https_only:
            self.common.append(
                (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        extra = list(self.common)
        if not path.startswith(_FRAMABLE):
            extra.append((b"x-frame-options", b"SAMEORIGIN"))
        if not path.startswith(_DOCS):
            extra.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
        is_api = path.startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in extra if name not in names]
                if is_api and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
