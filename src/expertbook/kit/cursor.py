"""Opaque cursors for keyset pagination: the last row's sort keys and whatever else the
order needs (the directory's site mean), so that later pages continue the same order."""

import base64
import binascii
import json
from typing import Any

from expertbook.errors import Unprocessable
from expertbook.kit.i18n import N_

MAX_CURSOR_LENGTH = 400


def encode(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any]:
    """The payload; 422 for anything this server did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        raise invalid()
    return payload


def invalid() -> Unprocessable:
    message = N_("This page link is not valid. Please start again from the first page.")
    return Unprocessable(
        message, code="invalid_cursor", details=[{"field": "cursor", "message": message}]
    )
