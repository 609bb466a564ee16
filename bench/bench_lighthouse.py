"""Benchmark (not a test): Lighthouse's mobile profile on the public pages.

`.venv/bin/python bench/bench_lighthouse.py` (after `make frontend` and `make bench-tools`)

`expertbook serve` on a free port with a throwaway SQLite database and the built web app
(frontend/dist, or EXPERTBOOK_BENCH_FRONTEND_DIST); one expert bookable all day, every day
(48 times a day to render) with one 30-minute event type, made through the API. Lighthouse (the npm
package in bench/, driving Debian's Chromium headless) runs its default mobile profile
(Moto G Power screen, simulated slow 4G and a 4x slower CPU) on the public page
`/{username}` and on the booking page `/{username}/{slug}`, several times each; the median
run (by performance score, as Lighthouse advises) is reported.

Columns: performance and accessibility scores (0-100), first and largest contentful paint,
total blocking time, and the JavaScript each page loaded: gzipped (each script's body
compressed here, so the figure does not depend on how the server sends it) and as sent.
The worst opportunities Lighthouse found are listed under the table.

Targets (median run, each page): performance >= 90, accessibility >= 95. The exit code is
non-zero when one is missed. Reports are kept in test-output/lighthouse/.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    ROOT,
    Verdicts,
    cpu_note,
    heading,
    make_expert,
    start_expertbook,
    table,
    workdir,
)

# Another build (e.g. an older commit's) can be measured against the same server and data.
DIST = Path(os.environ.get("EXPERTBOOK_BENCH_FRONTEND_DIST", ROOT / "frontend" / "dist"))
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "test-output" / "lighthouse"
CHROMIUM = os.environ.get("EXPERTBOOK_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update"
)
RUNS = int(os.environ.get("EXPERTBOOK_BENCH_LIGHTHOUSE_RUNS", "5"))
TARGET_PERFORMANCE = 90
TARGET_ACCESSIBILITY = 95


@dataclass
class Run:
    performance: float
    accessibility: float
    fcp_ms: float
    lcp_ms: float
    tbt_ms: float
    scripts: list[tuple[str, int]]  # (url, bytes sent)
    opportunities: list[tuple[str, float]]  # (title and figure, estimated ms saved)


def lighthouse(url: str, report: Path) -> Run:
    argv = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    completed = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    if completed.returncode != 0:
        raise RuntimeError(f"lighthouse failed ({completed.returncode}):\n{completed.stderr}")
    return parse(json.loads(report.read_text()))


def parse(result: dict[str, Any]) -> Run:
    if result.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {result['runtimeError']}")
    audits = result["audits"]
    categories = result["categories"]
    requests = audits["network-requests"]["details"]["items"]
    scripts = [
        (r["url"], int(r.get("transferSize", 0)))
        for r in requests
        if r.get("resourceType") == "Script"
    ]
    opportunities = []
    for audit in audits.values():
        savings = audit.get("metricSavings") or {}
        gain = max(savings.get("LCP", 0), savings.get("FCP", 0), savings.get("TBT", 0))
        if gain > 0 and audit.get("score") is not None and audit["score"] < 0.9:
            title = f"{audit['title']} ({audit.get('displayValue', '')})".replace(" ()", "")
            opportunities.append((title, float(gain)))
    return Run(
        performance=100 * (categories["performance"]["score"] or 0),
        accessibility=100 * (categories["accessibility"]["score"] or 0),
        fcp_ms=audits["first-contentful-paint"]["numericValue"],
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        scripts=scripts,
        opportunities=sorted(opportunities, key=lambda o: -o[1])[:5],
    )


def gzipped_bytes(urls: list[str]) -> int:
    """Each script's body as gzip -9 would send it, whatever the server actually sent."""
    total = 0
    with httpx.Client(headers={"Accept-Encoding": "identity"}, timeout=30) as http:
        for url in urls:
            total += len(gzip.compress(http.get(url).content, compresslevel=9))
    return total


async def seed(url: str) -> tuple[str, str]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        expert = await make_expert(
            http,
            "ada-lighthouse",
            timezone="Europe/Berlin",
            event={"title": "Intro call", "slug": "intro", "description": "A first talk."},
        )
    return expert["expert"]["username"], expert["event"]["slug"]


def measure(name: str, url: str, verdicts: Verdicts) -> tuple[list[Any], Run]:
    """RUNS Lighthouse runs of one page: its table row and its median run."""
    label = name.split()[0]
    runs = [lighthouse(url, REPORTS / f"{label}-{i + 1}.json") for i in range(RUNS)]
    median = sorted(runs, key=lambda r: r.performance)[len(runs) // 2]
    scores = sorted(r.performance for r in runs)
    row = [
        f"{name} {url.split('/', 3)[-1]}",
        median.performance,
        median.accessibility,
        median.fcp_ms / 1000,
        median.lcp_ms / 1000,
        median.tbt_ms,
        gzipped_bytes([u for u, _ in median.scripts]) / 1000,
        sum(size for _, size in median.scripts) / 1000,
        " ".join(f"{score:.0f}" for score in scores),
    ]
    verdicts.check(
        median.performance >= TARGET_PERFORMANCE,
        f"{name} performance >= {TARGET_PERFORMANCE}",
        f"{median.performance:.0f}",
    )
    verdicts.check(
        median.accessibility >= TARGET_ACCESSIBILITY,
        f"{name} accessibility >= {TARGET_ACCESSIBILITY}",
        f"{median.accessibility:.0f}",
    )
    return row, median


def main() -> int:
    if not (DIST / "index.html").is_file():
        sys.exit("frontend/dist is missing: run `make frontend` first")
    if not LIGHTHOUSE.exists():
        sys.exit("bench/node_modules has no lighthouse: run `make bench-tools` first")
    heading(f"Lighthouse, mobile profile, median of {RUNS} runs per page")
    print(cpu_note())
    REPORTS.mkdir(parents=True, exist_ok=True)
    verdicts = Verdicts()
    rows = []
    medians = {}
    with workdir("lighthouse") as work:
        server = start_expertbook(
            "lighthouse",
            work,
            database_url=f"sqlite+aiosqlite:///{work / 'lighthouse.db'}",
            extra_env={"EXPERTBOOK_FRONTEND_DIST": str(DIST)},
        )
        try:
            username, slug = asyncio.run(seed(server.url))
            pages = {"public page": f"/{username}", "booking page": f"/{username}/{slug}"}
            for name, path in pages.items():
                row, medians[name] = measure(name, server.url + path, verdicts)
                rows.append(row)
        finally:
            server.stop()
    headers = ["page", "perf", "a11y", "FCP s", "LCP s", "TBT ms", "JS kB gz", "JS kB sent"]
    print(table([*headers, "perf (all runs)"], rows))
    for name, median in medians.items():
        if median.opportunities:
            print(f"\nLighthouse's opportunities on the {name} (estimated ms saved):")
            for title, gain in median.opportunities:
                print(f"  {gain:6.0f}  {title}")
    print(f"\nReports: {REPORTS.relative_to(ROOT)}/")
    verdicts.print()
    return 0 if all(ok for ok, _, _ in verdicts.lines) else 1


if __name__ == "__main__":
    sys.exit(main())
