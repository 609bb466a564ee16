"""Benchmark (not a test): `GET /api/experts/{username}/slots` for 7 days over HTTP.

`.venv/bin/python bench/bench_http_slots.py`

One expert in America/New_York with three ranges every weekday (08-12, 13-17, 18-20), a
30-minute event type on a 15-minute grid with 5-minute buffers, 200 confirmed bookings
spread over its 60-day booking window (~25 in the week asked for); a viewer in
Europe/Berlin asks for 7 days. wrk drives 32 connections for 10 s (after a 2 s warm-up) against:

- the floor: a bare FastAPI app whose one route returns "hello", served by the same
  uvicorn with the same options and the same number of workers, in the same run;
- ExpertBook on SQLite (the default) and on PostgreSQL, with 1 and with 2 workers.

Targets (per database, best worker count reported): >= 600 req/s, p99 <= 150 ms, zero
errors (socket errors or non-2xx). The ratio to the hello floor is printed beside.
"""

from __future__ import annotations

import asyncio
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Stack,
    Verdicts,
    WrkResult,
    cpu_note,
    free_starts,
    heading,
    make_expert,
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
WORKER_COUNTS = (1, 2)
BOOKINGS = 200
EXPERT_ZONE = "America/New_York"
VIEWER_ZONE = "Europe/Berlin"
RANGES = [("08:00", "12:00"), ("13:00", "17:00"), ("18:00", "20:00")]
TARGET_RPS = 600
TARGET_P99_MS = 150


async def seed(url: str) -> tuple[str, int, int]:
    """The expert, event type and ~200 bookings: the slots path, its slot count, bookings made."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        weekly = [{"weekday": d, "start": a, "end": b} for d in range(7) for a, b in RANGES]
        expert = await make_expert(
            http,
            "slots-expert",
            timezone=EXPERT_ZONE,
            weekly=weekly,
            event={
                "durationMinutes": 30,
                "slotIntervalMinutes": 15,
                "bufferBeforeMinutes": 5,
                "bufferAfterMinutes": 5,
                "maxDaysAhead": 60,
            },
        )
        today = datetime.now(UTC).date()
        starts = await free_starts(
            http, expert, today + timedelta(days=1), today + timedelta(days=56), EXPERT_ZONE
        )
        random.Random(2027).shuffle(starts)
        booked = 0
        for n, start in enumerate(starts):
            if booked >= BOOKINGS:
                break
            body = {
                "eventTypeId": expert["event"]["id"],
                "start": start,
                "name": f"Client {n}",
                "email": f"client{n}@example.com",
            }
            response = await http.post("/api/bookings", json=body)
            if response.status_code == 201:
                booked += 1
            elif response.status_code != 409:
                raise RuntimeError(f"seeding booking: {response.status_code} {response.text}")
        first = today + timedelta(days=2)
        path = (
            f"/api/experts/{expert['expert']['username']}/slots?eventTypeId={expert['event']['id']}"
            f"&start={first.isoformat()}&end={(first + timedelta(days=6)).isoformat()}"
            f"&timezone={VIEWER_ZONE}"
        )
        response = await http.get(path)
        response.raise_for_status()
        slots = sum(len(day["slots"]) for day in response.json()["days"])
        return path, slots, booked


def measure(url: str) -> WrkResult:
    wrk(url, connections=CONNECTIONS, duration=WARMUP)
    return wrk(url, connections=CONNECTIONS, duration=DURATION)


def main() -> None:
    heading("HTTP /slots, 7 days, 32 connections, wrk 10 s")
    print(cpu_note())
    verdicts = Verdicts()
    rows: list[list[Any]] = []
    results: dict[tuple[str, int], WrkResult] = {}
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

        for workers in WORKER_COUNTS:
            hello = stack.add(
                start_asgi(f"hello-w{workers}", work, "_hello_app:create_app", workers=workers)
            )
            results[("hello", workers)] = measure(hello.url + "/")
            hello.stop()
            for db, url in databases.items():
                server = stack.add(
                    start_expertbook(
                        f"{db}-w{workers}", work, database_url=url, workers=workers, migrate=False
                    )
                )
                results[(db, workers)] = measure(server.url + paths[db])
                server.stop()
                if "Traceback" in server.log():
                    print(f"! {server.name}: traceback in the server log:\n{server.log()[-2000:]}")

        for (name, workers), r in results.items():
            floor = results[("hello", workers)]
            rows.append(
                [
                    name,
                    workers,
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
                "workers",
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

    for db in ("sqlite", "postgresql"):
        candidates = [(w, results[(db, w)]) for w in WORKER_COUNTS]
        workers, best = max(candidates, key=lambda c: (c[1].errors == 0, c[1].rps))
        floor = results[("hello", workers)]
        note = f"--workers {workers}"
        verdicts.check(
            best.rps >= TARGET_RPS,
            f"{db}: >= {TARGET_RPS} req/s",
            f"{best.rps:,.0f} req/s ({note};"
            f" {ratio(best.rps, floor.rps):.3f} x hello {floor.rps:,.0f})",
        )
        verdicts.check(
            best.p99 <= TARGET_P99_MS,
            f"{db}: p99 <= {TARGET_P99_MS} ms",
            f"p99 {best.p99:.1f} ms ({note}; hello p99 {floor.p99:.1f} ms)",
        )
        verdicts.check(
            best.errors == 0,
            f"{db}: zero errors",
            f"{best.socket_error_total} socket errors, {best.non_2xx_3xx} non-2xx ({note})",
        )
    verdicts.print()


if __name__ == "__main__":
    main()
