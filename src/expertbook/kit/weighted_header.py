"""The values of a header with quality weights (Accept-Encoding, Accept-Language)."""

import contextlib


def weighted_values(header: str | None) -> list[tuple[str, float]]:
    """Each value with its weight (RFC 9110 §12.4.2), lower-cased, in the header's order; a
    weight that is no number counts as 0, so it is never chosen."""
    found = []
    for item in (header or "").split(","):
        value, *params = (part.strip() for part in item.split(";"))
        weight = 0.0
        with contextlib.suppress(ValueError):
            weight = float(next((p[2:] for p in params if p.startswith("q=")), "1"))
        if value:
            found.append((value.lower(), weight))
    return found
