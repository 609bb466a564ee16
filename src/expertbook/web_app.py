"""The built web app at /: precompressed files, cache headers, client-side routes' fallback.

The build (frontend/vite.config.ts) writes `.br` and `.gz` beside each text file; here the
server only picks the variant the client accepts. Files under /assets carry a content hash
in their names, so browsers may keep them for a year; index.html and the files beside it
are revalidated on every load so a new build is seen at once.
"""

import inspect
import stat
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from expertbook.kit.weighted_header import weighted_values

# Paths that belong to the server, never to the web app's client-side routes. A missing
# /assets file is a 404 too: answering HTML for a stale script name would hide the error.
SERVER_PREFIXES = (
    "/api",
    "/socket.io",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/healthz",
    "/assets/",
)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# The build's compressed siblings, best first: brotli is about 15 % smaller than gzip.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
# Served only through content negotiation (the variants) or never (source maps).
HIDDEN_SUFFIXES = (".br", ".gz", ".map")


def accepted_encodings(headers: Headers) -> set[str]:
    """The content codings a request accepts (RFC 9110 §12.5.3), leaving out those at q=0."""
    return {
        coding for coding, weight in weighted_values(headers.get("accept-encoding")) if weight > 0
    }


class PrecompressedFiles(StaticFiles):
    """Starlette's static files, answering with the build's .br or .gz when the client takes it."""

    def __init__(self, *, directory: Path, cache_control: str) -> None:
        super().__init__(directory=directory)
        self.cache_control = cache_control

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path.endswith(HIDDEN_SUFFIXES):
            raise StarletteHTTPException(status_code=404)
        # The original answers every other case first: 404, 405, 304 and the identity body.
        response = await super().get_response(path, scope)
        accepted = accepted_encodings(Headers(scope=scope))
        for coding, suffix in ENCODINGS:
            if coding not in accepted:
                continue
            full_path, found = await anyio.to_thread.run_sync(self.lookup_path, path + suffix)
            if found is None or not stat.S_ISREG(found.st_mode):
                continue
            variant = self.file_response(full_path, found, scope)
            if variant.status_code != 304:
                variant.headers["Content-Encoding"] = coding
                variant.headers["Content-Type"] = response.headers["Content-Type"]
            response = variant
            break
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = self.cache_control
        return response


def serve_web_app(app: FastAPI, dist: Path) -> None:
    """Serve the built web app at / with its client-side routes falling back to index.html.

    `app.state.index_page(scope)` answers index.html for routes that serve it themselves
    (the embed route, with its own headers); it is None when the web app is not built.
    """
    app.state.index_page = None
    if not (dist / "index.html").is_file():
        return
    if (dist / "assets").is_dir():
        assets = PrecompressedFiles(directory=dist / "assets", cache_control=IMMUTABLE)
        app.mount("/assets", assets, name="assets")
    pages = PrecompressedFiles(directory=dist, cache_control=REVALIDATE)
    # Files beside index.html (icons, robots.txt), listed once: the build does not change.
    root_files = {
        p.name for p in dist.iterdir() if p.is_file() and not p.name.endswith(HIDDEN_SUFFIXES)
    }

    async def index_page(scope: Scope) -> Response:
        return await pages.get_response("index.html", scope)

    app.state.index_page = index_page
    not_found = app.exception_handlers[StarletteHTTPException]

    async def web_app_or_error(request: Request, exc: Exception) -> Response:
        path = request.url.path
        is_page = (
            isinstance(exc, StarletteHTTPException)
            and exc.status_code == 404
            and request.method in ("GET", "HEAD")
            and not path.startswith(SERVER_PREFIXES)
        )
        if is_page:
            name = path.lstrip("/")
            return await pages.get_response(
                name if name in root_files else "index.html", request.scope
            )
        result = not_found(request, exc)
        response = await result if inspect.isawaitable(result) else result
        assert isinstance(response, Response)
        return response

    app.add_exception_handler(StarletteHTTPException, web_app_or_error)
