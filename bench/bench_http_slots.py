"""Benchmark (not a test): `GET /api/experts/{username}/slots` for 7 days over HTTP.

`.venv/bin/python bench/bench_http_slots.py`

One expert in America/New_York with three ranges every weekday (08-12, 13-17, 18-20), a
30-minute event type on a 15-minute grid with 5-minute buffers, 200 confirmed bookings
spread over its 60-day booking window (~25 in the week asked for); a viewer in
Europe/Berlin asks for 7 days. wrk drives 32 connections for 10 s (after a 2 s warm-up),
two uvicorn workers each, against:

- the floor: a bare FastAPI app whose one route returns "hello", served by the same
  uvicorn with the same options and workers, in the same run;
- ExpertBook on SQLite (the default) and on PostgreSQL, three ways: `cached` (the same
  question again and again: answered from the process's slots cache after one check of
  the expert's generation), `304` (asked with the answer's ETag in If-None-Match) and
  `uncached` (EXPERTBOOK_SLOTS_CACHE_ENTRIES=0: every answer computed).

Targets (issue 19), per database: cached >= 0.25 x hello's req/s with p99 <= 3 x hello's
p99; 304 >= 0.5 x hello; uncached >= 2 x the figures measured before the cache
(183 req/s on SQLite, 235 on PostgreSQL, quiet machine); zero errors everywhere.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Stack,
    Verdicts,
    WrkResult,
    cpu_note,
    heading,
    make_slots_expert,
    ratio,
    start_asgi,
    start_expertbook,
    table,
    throwaway_postgres,
    workdir,
    wrk,
)

CONNECTIONS = 32
DURATION = 10
WARMUP = 2
WORKERS = 2
BOOKINGS = 200
CACHED_RATIO = 0.25
CACHED_P99_RATIO = 3.0
NOT_MODIFIED_RATIO = 0.5
# 7-day slots, 32 connections, two workers, before the cache (the figures).
UNCACHED_BEFORE = {"sqlite": 183.0, "postgresql": 235.0}
MODES = ("cached", "304", "uncached")


async def seed(url: str) -> tuple[str, int, int]:
    """The expert, event type and ~200 bookings: the slots path, its slot count, bookings made."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        _, path, booked = await make_slots_expert(http, "slots-expert", BOOKINGS)
        response = await http.get(path)
        response.raise_for_status()
        slots = sum(len(day["slots"]) for day in response.json()["days"])
        return path, slots, booked


def measure(url: str, headers: dict[str, str] | None = None) -> WrkResult:
    wrk(url, connections=CONNECTIONS, duration=WARMUP, headers=headers)
    return wrk(url, connections=CONNECTIONS, duration=DURATION, headers=headers)


def etag_of(url: str) -> str:
    response = httpx.get(url, timeout=30)
    response.raise_for_status()
    return response.headers["etag"]


def main() -> None:
    heading("HTTP /slots, 7 days, 32 connections, wrk 10 s")
    print(cpu_note())
    verdicts = Verdicts()
    rows: list[list[Any]] = []
    results: dict[tuple[str, str], WrkResult] = {}
    with workdir("http-slots") as work, throwaway_postgres("slots") as pg, Stack() as stack:
        databases = {
            "sqlite": f"sqlite+aiosqlite:///{work}/bench.db",
            "postgresql": pg.asyncpg_url,
        }
        paths: dict[str, str] = {}
        for db, url in databases.items():
            server = start_expertbook(f"seed-{db}", work, database_url=url)
            try:
                path, slots, booked = asyncio.run(seed(server.url))
            finally:
                server.stop()
            paths[db] = path
            print(f"{db}: {booked} confirmed bookings; the 7-day answer holds {slots} slots")

        hello = stack.add(
            start_asgi(f"hello-w{WORKERS}", work, "_hello_app:create_app", workers=WORKERS)
        )
        results[("hello", "-")] = measure(hello.url + "/")
        hello.stop()
        for db, url in databases.items():
            for mode in MODES:
                env = {"EXPERTBOOK_SLOTS_CACHE_ENTRIES": "0"} if mode == "uncached" else {}
                server = stack.add(
                    start_expertbook(
                        f"{db}-{mode}",
                        work,
                        database_url=url,
                        workers=WORKERS,
                        migrate=False,
                        extra_env=env,
                    )
                )
                target = server.url + paths[db]
                headers = {"If-None-Match": etag_of(target)} if mode == "304" else None
                results[(db, mode)] = measure(target, headers)
                server.stop()
                if "Traceback" in server.log():
                    print(f"! {server.name}: traceback in the server log:\n{server.log()[-2000:]}")

    floor = results[("hello", "-")]
    for (name, mode), r in results.items():
        rows.append(
            [
                name,
                mode,
                r.rps,
                r.p50,
                r.p90,
                r.p99,
                r.max_ms,
                r.socket_error_total,
                r.non_2xx_3xx,
                ratio(r.rps, floor.rps),
                ratio(r.p99, floor.p99),
            ]
        )

    print()
    print(
        table(
            [
                "endpoint",
                "answer",
                "req/s",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "max ms",
                "sock err",
                "non-2xx",
                "rps/hello",
                "p99/hello",
            ],
            rows,
            digits=2,
        )
    )

    hello_note = f"hello {floor.rps:,.0f} req/s, p99 {floor.p99:.1f} ms"
    for db in databases:
        cached, not_modified, uncached = (results[(db, mode)] for mode in MODES)
        verdicts.check(
            cached.rps >= CACHED_RATIO * floor.rps,
            f"{db}: cached >= {CACHED_RATIO} x hello",
            f"{cached.rps:,.0f} req/s = {ratio(cached.rps, floor.rps):.3f} x ({hello_note})",
        )
        verdicts.check(
            cached.p99 <= CACHED_P99_RATIO * floor.p99,
            f"{db}: cached p99 <= {CACHED_P99_RATIO:g} x hello's",
            f"p99 {cached.p99:.1f} ms = {ratio(cached.p99, floor.p99):.2f} x",
        )
        verdicts.check(
            not_modified.rps >= NOT_MODIFIED_RATIO * floor.rps,
            f"{db}: 304 >= {NOT_MODIFIED_RATIO} x hello",
            f"{not_modified.rps:,.0f} req/s = {ratio(not_modified.rps, floor.rps):.3f} x",
        )
        before = UNCACHED_BEFORE[db]
        verdicts.check(
            uncached.rps >= 2 * before,
            f"{db}: uncached >= 2 x {before:.0f} req/s",
            f"{uncached.rps:,.0f} req/s = {uncached.rps / before:.2f} x",
        )
        for mode, r in zip(MODES, (cached, not_modified, uncached), strict=True):
            verdicts.check(
                r.errors == 0,
                f"{db} {mode}: zero errors",
                f"{r.socket_error_total} socket errors, {r.non_2xx_3xx} non-2xx/3xx",
            )
    verdicts.print()


if __name__ == "__main__":
    main()
