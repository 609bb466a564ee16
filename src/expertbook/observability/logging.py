"""Logs: one line per answered request, and the logging set-up `expertbook serve` uses.

Lines are JSON in production (one object per line, for a log collector) and plain text
otherwise. Nothing secret is written: no headers at all (Authorization stays out), and the
value of any query parameter whose name speaks of a token, password, secret or key is
replaced by `[redacted]` (a guest's manage link carries `?token=`).
"""

import logging
from typing import Any
from urllib.parse import parse_qsl, urlencode

from pythonjsonlogger.core import RESERVED_ATTRS

from expertbook.kit.middleware import FinishedRequest

ACCESS_LOGGER = "expertbook.access"
REDACTED = "[redacted]"
_SECRET_WORDS = ("token", "password", "secret", "key")

access_logger = logging.getLogger(ACCESS_LOGGER)


def redacted_query(query_string: bytes) -> str:
    """The query string with the values of secret-looking parameters replaced."""
    if not query_string:
        return ""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    safe = [
        (name, REDACTED if any(word in name.lower() for word in _SECRET_WORDS) else value)
        for name, value in pairs
    ]
    return urlencode(safe, safe="[]{}/:")


def log_request(finished: FinishedRequest) -> None:
    """The access log's line for an answered request."""
    if not access_logger.isEnabledFor(logging.INFO):
        return
    query = redacted_query(finished.query_string)
    path = f"{finished.path}?{query}" if query else finished.path
    duration_ms = round(finished.seconds * 1000, 1)
    access_logger.info(
        '%s "%s %s" %d %.1f ms route=%s request_id=%s',
        finished.client,
        finished.method,
        path,
        finished.status,
        duration_ms,
        finished.route,
        finished.request_id,
        extra={
            "method": finished.method,
            "route": finished.route,
            "path": path,
            "status": finished.status,
            "duration_ms": duration_ms,
            "request_id": finished.request_id,
            "client": finished.client,
        },
    )


def log_config(*, json: bool, access_log: bool) -> dict[str, Any]:
    """A `logging.config.dictConfig` for uvicorn's `log_config`: uvicorn's own lines and
    ExpertBook's in one format, and ExpertBook's access log in place of uvicorn's."""
    formatter: dict[str, Any]
    if json:
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
            # uvicorn's copy of its message with terminal colours has no place in JSON.
            "reserved_attrs": [*RESERVED_ATTRS, "color_message"],
        }
    else:
        formatter = {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            # Replaced by ACCESS_LOGGER, which knows the route and the request id.
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "expertbook": {"handlers": ["default"], "level": "INFO", "propagate": False},
            ACCESS_LOGGER: {"level": "INFO" if access_log else "WARNING"},
        },
    }
