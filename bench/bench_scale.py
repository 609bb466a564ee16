"""Benchmark (not a test): the hot paths on a PostgreSQL holding 10,000 experts and
1,000,000 bookings, against the same paths on an empty database, in the same run.

`.venv/bin/python bench/bench_scale.py [--experts N] [--per-expert N] [--duration S]`

Two throwaway databases, migrated alike. In both, through the API: one expert in
America/New_York (three ranges a day, a 30-minute event on a 15-minute grid with 5-minute
buffers) with 60 bookings in the next 56 days, whose 7-day slots a viewer in Europe/Berlin
asks for; and 4 experts with a 5-minute event available all day, whom the booking load
books. In the large one only, generated in SQL (`INSERT … SELECT generate_series`, not the
API): 10,000 more experts with users and an event type, 100 bookings each (one a day over
the 50 days before and after today, one in ten cancelled), and 2,000 past bookings for
each of the five measured experts, so that their own index ranges are deep as well.

Measured with `expertbook serve` (one worker), wrk, 16 connections, 8 s after a 2 s
warm-up, in the order empty, large, large, empty (the better of each pair is kept, so a
neighbour's burst of CPU does not decide the ratio):
- GET /api/experts/{username}/slots for 7 days;
- POST /api/bookings, each request a distinct free slot of the 4 experts.
Target: the large database's rate is within 1.5x of the empty one's (empty/large <= 1.5),
and so is its p50. Then `EXPLAIN (ANALYZE, BUFFERS)` of the hot queries on the large
database (the statements are compiled from ExpertBook's own modules, so they cannot drift):
the overlap check and the guarded INSERT (bookings/overlap.py), busy ranges, and the
event-type lookups of the slots and booking paths (event_types/repository.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    POSTGRES_DSN,
    PgDatabase,
    Stack,
    Verdicts,
    WrkResult,
    cpu_note,
    free_starts,
    heading,
    make_expert,
    make_slots_expert,
    pg_execute,
    pg_fetch,
    ratio,
    start_expertbook,
    table,
    throwaway_postgres,
    workdir,
    write_post_script,
    wrk,
)

CONNECTIONS = 16
WARMUP = 2
TARGET_RATIO = 1.5
SLOTS_BOOKINGS = 60
BOOKING_EXPERTS = 4
HISTORY = 2_000  # past bookings of each measured expert, large database only
DAYS_PER_RUN = 3  # of 5-minute slots per booking expert: 4 * 288 * 3 = 3,456 a run
WEEKLY_ALL_DAY = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]
WEEKLY_OFFICE = [{"weekday": d, "start": "08:00", "end": "17:00"} for d in range(7)]


@dataclass
class Probes:
    """What the API made in one database: the slots path and the booking experts."""

    slots_path: str
    slots_expert: dict[str, Any]
    booking_experts: list[dict[str, Any]]


# Seeding --------------------------------------------------------------------------------


async def make_probes(url: str) -> Probes:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        slots_expert, path, _ = await make_slots_expert(http, "scale-slots", SLOTS_BOOKINGS)
        booking_experts = [
            await make_expert(
                http, f"scale-book-{n}", event={"durationMinutes": 5, "maxDaysAhead": 365}
            )
            for n in range(BOOKING_EXPERTS)
        ]
    return Probes(path, slots_expert, booking_experts)


def seed_statements(experts: int, per_expert: int) -> list[str]:
    """10,000 experts (users, experts, one event type each) and their bookings, in SQL."""
    weekly = json.dumps(WEEKLY_OFFICE).replace("'", "''")
    statements = [
        f"""INSERT INTO users (id, name, email, password_hash, is_expert, created_at, updated_at)
        SELECT md5('scale-user-' || g)::uuid, 'Scale Expert ' || g,
               'scale-expert-' || g || '@example.com', 'not-a-hash', true, now(), now()
        FROM generate_series(1, {experts}) AS g""",
        f"""INSERT INTO experts (id, user_id, username, headline, bio, timezone, weekly_hours,
                                 date_overrides, created_at, updated_at)
        SELECT md5('scale-expert-' || g)::uuid, md5('scale-user-' || g)::uuid, 'scale' || g,
               '', '', 'UTC', '{weekly}'::json, '[]'::json, now(), now()
        FROM generate_series(1, {experts}) AS g""",
        f"""INSERT INTO event_types (id, expert_id, title, slug, description, duration_minutes,
                                     location_kind, location_details, slot_interval_minutes,
                                     buffer_before_minutes, buffer_after_minutes,
                                     min_notice_minutes, max_days_ahead, is_active, position,
                                     created_at, updated_at)
        SELECT md5('scale-event-' || g)::uuid, md5('scale-expert-' || g)::uuid, 'Session',
               'session', '', 30, 'jitsi', NULL, 30, 0, 0, 0, 60, true, 0, now(), now()
        FROM generate_series(1, {experts}) AS g""",
    ]
    # Booking g belongs to expert e = g % experts, on day k = g / experts around today:
    # one booking a day per expert, so an expert's bookings never overlap.
    chunk = max(experts, 100_000 // experts * experts)
    total = experts * per_expert
    for low in range(0, total, chunk):
        high = min(total, low + chunk) - 1
        statements.append(
            f"""INSERT INTO bookings (id, expert_id, event_type_id, user_id, status, start_at,
                end_at, buffered_start, buffered_end, timezone, name, email, phone, notes,
                meet_url, zoom_url, jitsi_url, manage_token_hash, sequence, created_at,
                updated_at)
            SELECT gen_random_uuid(), md5('scale-expert-' || e)::uuid,
                   md5('scale-event-' || e)::uuid, NULL,
                   CASE WHEN k % 10 = 9 THEN 'cancelled' ELSE 'confirmed' END,
                   s, s + interval '30 minutes', s, s + interval '30 minutes', 'UTC',
                   'Client ' || g, 'client' || g || '@example.com', NULL, NULL,
                   'https://meet.google.com/scale-' || g, 'https://zoom.us/j/scale' || g,
                   'https://meet.jit.si/ExpertBook-scale-' || g, md5(g::text), 0, now(), now()
            FROM generate_series({low}, {high}) AS g,
                 LATERAL (SELECT g % {experts} + 1 AS e, g / {experts} AS k) AS ek,
                 LATERAL (SELECT date_trunc('day', now())
                                 + (k - {per_expert // 2}) * interval '1 day'
                                 + interval '8 hours' + (e % 16) * interval '30 minutes'
                                 AS s) AS t"""
        )
    return statements


def history_statement(expert: dict[str, Any]) -> str:
    """HISTORY past bookings of one measured expert, one every three hours back from today."""
    expert_id, event_id = expert["expert"]["id"], expert["event"]["id"]
    return f"""INSERT INTO bookings (id, expert_id, event_type_id, user_id, status, start_at,
        end_at, buffered_start, buffered_end, timezone, name, email, phone, notes, meet_url,
        zoom_url, jitsi_url, manage_token_hash, sequence, created_at, updated_at)
    SELECT gen_random_uuid(), '{expert_id}', '{event_id}', NULL, 'confirmed', s,
           s + interval '30 minutes', s, s + interval '30 minutes', 'UTC', 'Past client',
           'past@example.com', NULL, NULL, 'https://meet.google.com/past-' || r,
           'https://zoom.us/j/past' || r, 'https://meet.jit.si/ExpertBook-past-' || r,
           md5(r), 0, now(), now()
    FROM generate_series(1, {HISTORY}) AS g,
         LATERAL (SELECT date_trunc('day', now()) - g * interval '3 hours' AS s,
                         '{expert_id}-' || g AS r) AS t"""


def seed_large(pg: PgDatabase, probes: Probes, experts: int, per_expert: int) -> None:
    started = time.monotonic()
    statements = seed_statements(experts, per_expert)
    statements += [history_statement(probes.slots_expert)]
    statements += [history_statement(expert) for expert in probes.booking_experts]
    for n, statement in enumerate(statements, 1):
        asyncio.run(pg_execute(pg.dsn, statement))
        print(f"  seed {n}/{len(statements)} ({time.monotonic() - started:.0f} s)", flush=True)
    # The seed's own checkpoint must not land in the measured runs.
    asyncio.run(pg_execute(pg.dsn, "VACUUM ANALYZE", "CHECKPOINT"))
    counts = asyncio.run(
        pg_fetch(
            pg.dsn,
            "SELECT (SELECT count(*) FROM experts), (SELECT count(*) FROM bookings),"
            " pg_size_pretty(pg_total_relation_size('bookings'))",
        )
    )[0]
    print(
        f"large database: {counts[0]:,} experts, {counts[1]:,} bookings "
        f"(bookings with indexes: {counts[2]}), seeded in {time.monotonic() - started:.0f} s"
    )


# Measuring ------------------------------------------------------------------------------


def booking_bodies(url: str, probes: Probes, first: date) -> list[str]:
    async def starts() -> list[list[str]]:
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            last = first + timedelta(days=DAYS_PER_RUN - 1)
            return [await free_starts(http, e, first, last) for e in probes.booking_experts]

    per_expert = asyncio.run(starts())
    bodies = []
    for i in range(max(len(s) for s in per_expert)):
        for expert, expert_starts in zip(probes.booking_experts, per_expert, strict=True):
            if i < len(expert_starts):
                body = {
                    "eventTypeId": expert["event"]["id"],
                    "start": expert_starts[i],
                    "name": "Bench Client",
                    "email": f"c{len(bodies)}@example.com",
                }
                bodies.append(json.dumps(body, separators=(",", ":")))
    return bodies


def run_once(
    work: Path, label: str, pg: PgDatabase, probes: Probes, run: int, duration: float
) -> tuple[WrkResult, WrkResult]:
    """Slots then bookings on one database; `run` picks days no other run books."""
    server = start_expertbook(f"{label}-{run}", work, database_url=pg.asyncpg_url, migrate=False)
    try:
        wrk(server.url + probes.slots_path, connections=CONNECTIONS, duration=WARMUP)
        slots = wrk(server.url + probes.slots_path, connections=CONNECTIONS, duration=duration)
        first = datetime.now(UTC).date() + timedelta(days=70 + run * 2 * DAYS_PER_RUN)
        warm = booking_bodies(server.url, probes, first)
        bodies = booking_bodies(server.url, probes, first + timedelta(days=DAYS_PER_RUN))
        warm_script = write_post_script(work / f"{label}-{run}-warm.lua", "/api/bookings", warm)
        script = write_post_script(work / f"{label}-{run}.lua", "/api/bookings", bodies)
        wrk(server.url, connections=CONNECTIONS, duration=WARMUP, script=warm_script)
        wal_before = asyncio.run(wal())
        bookings = wrk(server.url, connections=CONNECTIONS, duration=duration, script=script)
        wal_after = asyncio.run(wal())
        created = bookings.statuses.get(201, 0) or 1
        for field, before, after in zip(
            ("wal_bytes", "wal_fpi"), wal_before, wal_after, strict=True
        ):
            bookings.extra[field] = f"{(after - before) / created:.0f}"
    finally:
        server.stop()
    if "Traceback" in server.log():
        print(f"! {server.name}: traceback in the server log:\n{server.log()[-2000:]}")
    return slots, bookings


async def wal() -> tuple[int, int]:
    """The cluster's WAL written so far (bytes, full-page images): the server is shared,
    so the figures per booking are an upper bound."""
    row = (
        await pg_fetch(f"{POSTGRES_DSN}/postgres", "SELECT wal_bytes, wal_fpi FROM pg_stat_wal")
    )[0]
    return int(row[0]), int(row[1])


# Plans ----------------------------------------------------------------------------------


def hot_queries(probes: Probes) -> list[tuple[str, str, bool]]:
    """(name, SQL, writes) of the hot statements, compiled from ExpertBook's modules with
    the measured experts' values bound in."""
    from sqlalchemy import types as sqltypes
    from sqlalchemy.dialects import postgresql

    from expertbook.bookings import overlap
    from expertbook.event_types import repository
    from expertbook.experts.repository import is_expert

    dialect = postgresql.dialect()
    # SQLAlchemy renders no JSON literal; EXPLAIN only needs one written as text.
    sqltypes.JSON.literal_processor = lambda _self, _dialect: (  # type: ignore[method-assign]
        lambda value: "'" + json.dumps(value).replace("'", "''") + "'"
    )

    def sql(statement: Any, **params: Any) -> str:
        bound = statement.params(**params) if params else statement
        return str(bound.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))

    expert = uuid.UUID(probes.booking_experts[0]["expert"]["id"])
    event_type = uuid.UUID(probes.booking_experts[0]["event"]["id"])
    slots_expert = uuid.UUID(probes.slots_expert["expert"]["id"])
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=100)
    end = start + timedelta(minutes=5)
    week = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    new = {key: None for key in overlap._NEW} | {
        "id": uuid.uuid4(),
        "expert_id": expert,
        "event_type_id": event_type,
        "status": "confirmed",
        "start_at": start,
        "end_at": end,
        "buffered_start": start,
        "buffered_end": end,
        "timezone": "UTC",
        "name": "Plan",
        "email": "plan@example.com",
        "meet_url": "https://meet.google.com/plan",
        "zoom_url": "https://zoom.us/j/plan",
        "jitsi_url": "https://meet.jit.si/plan",
        "manage_token_hash": "plan",
        "sequence": 0,
        "answers": {},
        "guests": [],
        "no_show": False,
        "created_at": start,
        "updated_at": start,
    }
    slots_lookup = (
        repository.bookable_query()
        .where(repository.EventType.id == uuid.UUID(probes.slots_expert["event"]["id"]))
        .where(is_expert(probes.slots_expert["expert"]["username"]))
    )
    columns = ", ".join(new)
    guarded = sql(overlap._INSERT_IF_FREE.select, **new)
    return [
        (
            "overlap check (claim)",
            sql(overlap._OVERLAPS[False], expert=expert, start=start, end=end),
            False,
        ),
        ("guarded INSERT (claim_new)", f"INSERT INTO bookings ({columns}) {guarded}", True),
        (
            "busy ranges (slots)",
            sql(
                overlap._BUSY,
                expert=slots_expert,
                floor=week - timedelta(days=1),
                start=week,
                end=week + timedelta(days=8),
            ),
            False,
        ),
        ("event type by expert (slots)", sql(slots_lookup), False),
        (
            "event type with siblings (booking)",
            sql(repository._BY_ID_WITH_SIBLINGS, event_type=event_type),
            False,
        ),
    ]


async def explain(dsn: str, query: str, writes: bool) -> list[str]:
    import asyncpg

    connection = await asyncpg.connect(dsn, timeout=10)
    try:
        transaction = connection.transaction()
        await transaction.start()
        try:  # a write is explained, then rolled back
            rows = await connection.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {query}")
        finally:
            await transaction.rollback()
    finally:
        await connection.close()
    return [row[0] for row in rows]


def print_plans(label: str, pg: PgDatabase, probes: Probes) -> dict[str, str]:
    """Every hot query's plan; returns each one's execution time line."""
    heading(f"EXPLAIN (ANALYZE, BUFFERS) on the {label} database")
    times = {}
    for name, query, writes in hot_queries(probes):
        lines = asyncio.run(explain(pg.dsn, query, writes))
        print(f"\n-- {name}")
        print("\n".join(lines))
        execution = [line for line in lines if line.startswith("Execution Time: ")]
        times[name] = execution[0].removeprefix("Execution Time: ") if execution else "?"
    return times


# Main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experts", type=int, default=10_000)
    parser.add_argument("--per-expert", type=int, default=100)
    parser.add_argument("--duration", type=float, default=8)
    args = parser.parse_args()
    heading(
        f"Scale: {args.experts:,} experts, {args.experts * args.per_expert:,} bookings"
        " vs an empty database (PostgreSQL, 1 worker, 16 connections)"
    )
    print(cpu_note())
    with (
        workdir("scale") as work,
        throwaway_postgres("scale_empty") as empty,
        throwaway_postgres("scale_large") as large,
        Stack(),
    ):
        probes: dict[str, Probes] = {}
        for label, pg in (("empty", empty), ("large", large)):
            server = start_expertbook(f"seed-{label}", work, database_url=pg.asyncpg_url)
            try:
                probes[label] = asyncio.run(make_probes(server.url))
            finally:
                server.stop()
        seed_large(large, probes["large"], args.experts, args.per_expert)
        asyncio.run(pg_execute(empty.dsn, "VACUUM ANALYZE", "CHECKPOINT"))

        results: dict[str, list[tuple[WrkResult, WrkResult]]] = {"empty": [], "large": []}
        for run, label in enumerate(("empty", "large", "large", "empty")):
            pg = empty if label == "empty" else large
            print(f"  run {run + 1}/4: {label}", flush=True)
            results[label].append(run_once(work, label, pg, probes[label], run, args.duration))

        empty_times = print_plans("empty", empty, probes["empty"])
        large_times = print_plans("large", large, probes["large"])

    best = {
        label: (
            max((r[0] for r in runs), key=lambda r: r.rps),
            max((r[1] for r in runs), key=lambda r: r.rps),
        )
        for label, runs in results.items()
    }
    heading("Figures (the better of two runs per database)")
    rows = []
    for index, path in enumerate(("GET slots (7 days)", "POST /api/bookings")):
        e, large_result = best["empty"][index], best["large"][index]
        for label, r in (("empty", e), ("large", large_result)):
            rows.append([path, label, r.rps, r.p50, r.p99, r.errors, r.statuses.get(201, "")])
        rows.append(
            [
                path,
                "slowdown (x)",
                ratio(e.rps, large_result.rps),
                ratio(large_result.p50, e.p50),
                "",
                "",
                "",
            ]
        )
    headers = ["path", "database", "req/s", "p50 ms", "p99 ms", "errors", "201s"]
    print(table(headers, rows, digits=2))
    for label in ("empty", "large"):
        r = best[label][1]
        print(
            f"{label}: WAL per booking {r.extra.get('wal_bytes')} bytes,"
            f" {r.extra.get('wal_fpi')} full-page images (whole cluster, an upper bound)"
        )

    heading("Hot queries' execution time, empty vs large")
    print(
        table(
            ["query", "empty", "large"],
            [[name, empty_times[name], large_times[name]] for name in large_times],
        )
    )

    verdicts = Verdicts()
    for index, path in enumerate(("slots", "bookings")):
        e, large_result = best["empty"][index], best["large"][index]
        slower = ratio(e.rps, large_result.rps)
        verdicts.check(
            slower <= TARGET_RATIO,
            f"{path}: rate on the large database within {TARGET_RATIO}x",
            f"{large_result.rps:,.0f} vs {e.rps:,.0f} req/s empty ({slower:.2f}x)",
        )
        p50 = ratio(large_result.p50, e.p50)
        verdicts.check(
            p50 <= TARGET_RATIO,
            f"{path}: p50 on the large database within {TARGET_RATIO}x",
            f"{large_result.p50:.1f} vs {e.p50:.1f} ms empty ({p50:.2f}x)",
        )
        verdicts.check(
            large_result.errors == 0,
            f"{path}: no errors on the large database",
            f"{large_result.errors} errors",
        )
    verdicts.print()


if __name__ == "__main__":
    main()
