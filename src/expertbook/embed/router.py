"""GET /embed.js and the booking page under /embed/, the one page other sites may frame."""

from functools import cache
from importlib.resources import files

from fastapi import APIRouter, Request
from fastapi.responses import Response

from expertbook.db import SessionDep
from expertbook.embed import service
from expertbook.errors import NotFound
from expertbook.kit.middleware import content_security_policy

public_router = APIRouter(tags=["embed"])

# Sites load the script on every page view: a short cache spares the requests, and a new
# release still reaches them within minutes.
SCRIPT_CACHE = "public, max-age=300"


@cache
def _script() -> bytes:
    return files("expertbook.embed").joinpath("embed.js").read_bytes()


@public_router.get("/embed.js", include_in_schema=False)
async def embed_script() -> Response:
    """The script a site includes to show the booking page inline or in a popup."""
    return Response(
        _script(),
        media_type="application/javascript; charset=utf-8",
        headers={"Cache-Control": SCRIPT_CACHE},
    )


@public_router.api_route("/embed/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
async def embed_page(path: str, request: Request, session: SessionDep) -> Response:
    """The web app's lean booking page, framable by the sites the expert allows."""
    index_page = request.app.state.index_page
    if index_page is None:
        raise NotFound("The web app is not built.")
    origins = await service.embed_origins(session, path)
    response: Response = await index_page(request.scope)
    response.headers["Content-Security-Policy"] = content_security_policy(
        service.frame_ancestors(origins)
    )
    return response
