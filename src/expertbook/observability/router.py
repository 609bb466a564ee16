"""GET /metrics for Prometheus: with a bearer token when one is set, else from this machine."""

import hmac
import ipaddress

from fastapi import APIRouter, Request, Response

from expertbook.config import SettingsDep
from expertbook.errors import NotFound, Unauthorized
from expertbook.observability.metrics import CONTENT_TYPE, Metrics

public_router = APIRouter()
_FORWARDING_HEADERS = ("forwarded", "x-forwarded-for")


@public_router.get("/metrics", operation_id="metrics", include_in_schema=False)
async def metrics(request: Request, settings: SettingsDep) -> Response:
    """Prometheus' text format; 401 without the token, 404 from elsewhere without one."""
    if settings.metrics_token is None:
        if not _from_this_machine(request):
            raise NotFound()
    elif not _bearer_matches(request, settings.metrics_token.get_secret_value()):
        raise Unauthorized(
            "A valid metrics token is required.", headers={"WWW-Authenticate": "Bearer"}
        )
    registry: Metrics = request.app.state.metrics
    return Response(await registry.exposition(), media_type=CONTENT_TYPE)


def _from_this_machine(request: Request) -> bool:
    # A request relayed by a reverse proxy on this machine arrives from loopback too: a
    # forwarding header says it came from elsewhere.
    if any(name in request.headers for name in _FORWARDING_HEADERS):
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bearer_matches(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())
