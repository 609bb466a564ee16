"""The public booking pages' JavaScript budget (issue 11 §8), read from the built web app.

`/{username}` and `/{username}/{slug}` may load at most 150 kB of gzipped JavaScript when they
open: the app's entry chunk, every chunk it imports, and the chunks the page fetches as it
first renders (with what those import). Vite's manifest (frontend/dist/.vite/manifest.json)
says which chunk imports which; each file is gzipped here at level 9, as the Lighthouse
benchmark (bench/bench_lighthouse.py) counts it, so the figure does not depend on the server.
"""

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from tests.services import unavailable

DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
MANIFEST = DIST / ".vite" / "manifest.json"
BUDGET_BYTES = 150_000

# The chunks each page fetches beside the entry as it first renders, named by source module.
# A page that starts fetching another chunk on open must list it here.
OPENS_WITH: dict[str, list[str]] = {
    "/{username}": [],
    # The chosen event type's calendar, fetched while the expert loads.
    "/{username}/{slug}": ["src/features/public/EventTypeBooking.tsx"],
}


def load_manifest() -> dict[str, Any]:
    if not (DIST / "index.html").is_file():
        unavailable("The built web app (frontend/dist)", FileNotFoundError("run `make frontend`"))
    if not MANIFEST.is_file():
        pytest.fail(f"{MANIFEST} is missing: rebuild the web app with `make frontend`")
    manifest: dict[str, Any] = json.loads(MANIFEST.read_text())
    return manifest


def chunks_on_open(manifest: dict[str, Any], modules: list[str]) -> list[str]:
    """The entry's chunk, those of `modules`, and every chunk they import, without repeats."""
    (entry,) = [key for key, chunk in manifest.items() if chunk.get("isEntry")]
    missing = [module for module in modules if module not in manifest]
    assert not missing, f"not chunks of their own (see OPENS_WITH): {missing}"
    found: list[str] = []

    def visit(key: str) -> None:
        if key in found:
            return
        found.append(key)
        for imported in manifest[key].get("imports", []):
            visit(imported)

    for key in [entry, *modules]:
        visit(key)
    return [manifest[key]["file"] for key in found]


def gzipped_size(file: str) -> int:
    return len(gzip.compress((DIST / file).read_bytes(), compresslevel=9))


def javascript_on_open(page: str) -> tuple[int, str]:
    """The page's gzipped JavaScript on open, and a line per chunk, largest first."""
    manifest = load_manifest()
    sizes = {file: gzipped_size(file) for file in chunks_on_open(manifest, OPENS_WITH[page])}
    total = sum(sizes.values())
    lines = [
        f"  {size / 1000:6.1f} kB  {file}"
        for file, size in sorted(sizes.items(), key=lambda i: -i[1])
    ]
    breakdown = "\n".join(lines)
    print(f"{page}: {total / 1000:.1f} kB gzipped JavaScript on open\n{breakdown}")
    return total, breakdown


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("/{username}", id="public-page"),
        pytest.param("/{username}/{slug}", id="booking-page"),
    ],
)
def test_a_public_page_loads_at_most_150_kb_of_gzipped_javascript(page: str) -> None:
    total, breakdown = javascript_on_open(page)
    assert total <= BUDGET_BYTES, (
        f"{page} loads {total / 1000:.1f} kB of gzipped JavaScript on open, over the "
        f"{BUDGET_BYTES / 1000:.0f} kB budget:\n{breakdown}"
    )
