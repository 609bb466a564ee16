"""Benchmark (not a test): creating bookings, against the raw database in the same run.

`.venv/bin/python bench/bench_bookings.py [--workers N]`

(a) PostgreSQL, distinct free slots: wrk (32 connections, 10 s, a Lua script walking a
    precomputed list of free starts of 8 experts, 5-minute events, 24 h availability)
    POSTs /api/bookings to `expertbook serve`, with 1 and with 2 workers. The floor is
    pgbench (32 clients, 10 s) on a second database migrated to the same schema (same
    table, indexes, foreign keys and `EXCLUDE USING gist` constraint), running the
    transaction ExpertBook's pipeline cannot do without: SET LOCAL lock_timeout, the same
    `pg_advisory_xact_lock(namespace, hashtext(expert))`, INSERT of the same row, COMMIT;
    distinct ranges from :client_id and a per-client counter, experts spread the same way.
    Targets: app rate / raw rate >= 0.15 (three quarters of the 0.21 that the booking path
    reached when it ran its statements on the drivers directly), app p99 <= 150 ms.
(b) SQLite, the same load: >= 300 bookings/s, zero "database is locked" in the server log,
    zero 5xx. Floor for the ratio: Python's sqlite3 doing BEGIN IMMEDIATE, the busy-range
    SELECT, the INSERT and COMMIT in a loop on the same schema (one connection).
(c) One-slot hammer on PostgreSQL: 32 connections POST the same start for 10 s; exactly
    one 201, every other answer 409. Floor: pgbench's locked hammer (the same lock, then
    the conflicting INSERT ... ON CONFLICT DO NOTHING), every transaction counted.
    Targets: only 409s, app p99 <= 150 ms; the ratio is reported.
(d) Storms across two `expertbook serve` processes on one PostgreSQL (and Redis): rounds
    of 2, 32 and 128 simultaneous clients (httpx, one connection each, warmed, released
    by an asyncio.Barrier) at one fresh slot per round. Targets: exactly one 201 per
    round and 409 for the rest, every response within 500 ms (max reported), and no
    "deadlock detected" in the part of the PostgreSQL log written during the run.
(e) Logins next to a booking, SQLite, production's password hashing cost: 20 logins
    sent at once, then one booking while they run, 10 rounds. Target: every booking
    answers within 100 ms, while logins are still being hashed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    EXPERTBOOK,
    PASSWORD,
    PGBENCH,
    REDIS_URL,
    SECRET_KEY,
    PgDatabase,
    PgLogTail,
    Server,
    Stack,
    Verdicts,
    WrkResult,
    count_in_logs,
    cpu_note,
    free_starts,
    heading,
    make_expert,
    percentile,
    pg_execute,
    ratio,
    start_expertbook,
    table,
    throwaway_postgres,
    workdir,
    write_post_script,
    wrk,
)

CONNECTIONS = 32
DURATION = 10
WARMUP = 2
EXPERTS = 8
DAYS = 10  # of 5-minute slots per expert for the measured run: 8 * 288 * 10 = 23,040
LOCK_NAMESPACE = 0x45424B  # expertbook.bookings.overlap.LOCK_NAMESPACE
STORM_SIZES = (2, 32, 128)
STORM_ROUNDS = 6
TARGET_RATIO, STRETCH_RATIO, TARGET_P99_MS = 0.15, 0.20, 150.0
TARGET_SQLITE_RPS = 300
TARGET_STORM_MS = 500.0
LOGINS, LOGIN_ROUNDS, TARGET_BOOKING_NEXT_TO_LOGINS_MS = 20, 10, 100.0


# Data -------------------------------------------------------------------------------------


async def seed_experts(url: str, label: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        event = {"durationMinutes": 5, "slotIntervalMinutes": 5, "maxDaysAhead": 730}
        return [await make_expert(http, f"{label}{n}", event=event) for n in range(EXPERTS)]


async def booking_bodies(
    url: str, experts: list[dict[str, Any]], first_day: int, days: int
) -> list[str]:
    """JSON bodies for every free start of every expert, interleaved across experts."""
    today = datetime.now(UTC).date()
    per_expert: list[list[str]] = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        for expert in experts:
            first = today + timedelta(days=first_day)
            per_expert.append(
                await free_starts(http, expert, first, first + timedelta(days=days - 1))
            )
    bodies = []
    for i in range(max(len(s) for s in per_expert)):
        for expert, starts in zip(experts, per_expert, strict=True):
            if i < len(starts):
                body = {
                    "eventTypeId": expert["event"]["id"],
                    "start": starts[i],
                    "name": "Bench Client",
                    "email": f"c{len(bodies)}@example.com",
                }
                bodies.append(json.dumps(body, separators=(",", ":")))
    return bodies


def app_run(
    server: Server, work: Path, label: str, bodies: list[str], warm: list[str]
) -> WrkResult:
    warm_script = write_post_script(work / f"{label}-warm.lua", "/api/bookings", warm)
    script = write_post_script(work / f"{label}.lua", "/api/bookings", bodies)
    wrk(server.url, connections=CONNECTIONS, duration=WARMUP, script=warm_script)
    return wrk(server.url, connections=CONNECTIONS, duration=DURATION, script=script)


# pgbench ----------------------------------------------------------------------------------

PG_ROW = """
INSERT INTO bookings (id, expert_id, event_type_id, user_id, status, start_at, end_at,
  buffered_start, buffered_end, timezone, name, email, phone, notes, meet_url, zoom_url,
  manage_token_hash, cancel_reason, cancelled_by, cancelled_at, sequence, created_at, updated_at)
VALUES (gen_random_uuid(), md5((:e)::text)::uuid, md5('et' || (:e)::text)::uuid, NULL, 'confirmed',
  timestamptz '2031-01-01 00:00+00' + (:slot)::bigint * interval '5 minutes',
  timestamptz '2031-01-01 00:05+00' + (:slot)::bigint * interval '5 minutes',
  timestamptz '2031-01-01 00:00+00' + (:slot)::bigint * interval '5 minutes',
  timestamptz '2031-01-01 00:05+00' + (:slot)::bigint * interval '5 minutes',
  'UTC', 'Bench Client', 'raw@example.com', NULL, NULL,
  'https://meet.google.com/' || (:slot)::text || '-' || (:run)::text,
  'https://zoom.us/j/' || (:slot)::text || '-' || (:run)::text,
  md5((:slot)::text) || md5((:k)::text), NULL, NULL, NULL, 0, now(), now())
"""

PG_DISTINCT = f"""\\set k :k + 1
\\set e (:client_id + :k) % {EXPERTS}
\\set slot :client_id * 10000000 + :k
BEGIN;
SET LOCAL lock_timeout = '5s';
SELECT pg_advisory_xact_lock({LOCK_NAMESPACE}, hashtext(md5((:e)::text)::uuid::text));
{PG_ROW.strip()};
COMMIT;
"""

# Every hammer row gets its own links, so only the exclusion constraint can refuse it.
HAMMER_UNIQUE_LINK = "(:slot)::text || '-' || (:client_id)::text || '-' || (:k)::text || '-'"

PG_HAMMER = f"""\\set k :k + 1
\\set e 0
\\set slot 0
BEGIN;
SET LOCAL lock_timeout = '5s';
SELECT pg_advisory_xact_lock({LOCK_NAMESPACE}, hashtext(md5((:e)::text)::uuid::text));
{PG_ROW.strip().replace("(:slot)::text || '-'", HAMMER_UNIQUE_LINK)}
ON CONFLICT DO NOTHING;
COMMIT;
"""


def prepare_raw_database(raw: PgDatabase, work: Path) -> None:
    """The same schema as ExpertBook's (its own migrations), and the parent rows."""
    env = {
        **os.environ,
        "EXPERTBOOK_DATABASE_URL": raw.asyncpg_url,
        "EXPERTBOOK_SECRET_KEY": SECRET_KEY,
        "EXPERTBOOK_ENV": "test",
    }
    subprocess.run(
        [EXPERTBOOK, "migrate"], cwd=work, env=env, check=True, capture_output=True, timeout=120
    )
    statements = []
    for n in range(EXPERTS):
        statements += [
            "INSERT INTO users (id, name, email, password_hash, is_expert, created_at, "
            f"updated_at) VALUES (md5('u{n}')::uuid, 'Raw {n}', 'raw{n}@example.com', 'x', true, "
            "now(), now())",
            f"INSERT INTO experts (id, user_id, username, headline, bio, timezone, weekly_hours, "
            f"date_overrides, created_at, updated_at) VALUES (md5('{n}')::uuid, md5('u{n}')::uuid, "
            f"'raw{n}', '', '', 'UTC', '[]', '[]', now(), now())",
            f"INSERT INTO event_types (id, expert_id, title, slug, description, duration_minutes, "
            f"location_kind, slot_interval_minutes, buffer_before_minutes, buffer_after_minutes, "
            f"min_notice_minutes, max_days_ahead, is_active, position, created_at, updated_at) "
            f"VALUES (md5('et{n}')::uuid, md5('{n}')::uuid, 'Raw', 'raw', '', 5, 'google_meet', 5, "
            f"0, 0, 0, 730, true, 0, now(), now())",
        ]
    asyncio.run(pg_execute(raw.dsn, *statements))


class PgbenchResult:
    def __init__(self, output: str, latencies_ms: list[float]) -> None:
        self.output = output
        match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", output)
        self.tps = float(match.group(1)) if match else math.nan
        match = re.search(r"number of transactions actually processed: (\d+)", output)
        self.transactions = int(match.group(1)) if match else 0
        match = re.search(r"number of failed transactions: (\d+)", output)
        self.failed = int(match.group(1)) if match else 0
        self.aborted = len(re.findall(r"aborted", output))
        self.p50 = percentile(latencies_ms, 50)
        self.p99 = percentile(latencies_ms, 99)


def pgbench(raw: PgDatabase, work: Path, label: str, script: str, run: int) -> PgbenchResult:
    script_path = work / f"{label}.sql"
    script_path.write_text(script)
    log_dir = work / f"pgbench-{label}"
    log_dir.mkdir(exist_ok=True)
    argv = [
        PGBENCH,
        "-n",
        "-M",
        "prepared",
        "-c",
        str(CONNECTIONS),
        "-j",
        "2",
        "-T",
        str(DURATION),
        "-D",
        "k=0",
        "-D",
        f"run={run}",
        "-f",
        str(script_path),
        "-l",
        "--log-prefix",
        str(log_dir / "log"),
    ]
    completed = subprocess.run(
        argv, capture_output=True, text=True, env=raw.pgbench_env(), timeout=DURATION + 60
    )
    latencies = []
    for log in log_dir.glob("log*"):
        for line in log.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[2].isdigit():
                latencies.append(int(parts[2]) / 1000)
    result = PgbenchResult(completed.stdout + completed.stderr, latencies)
    if completed.returncode != 0 or result.aborted:
        print(f"! pgbench {label} exited {completed.returncode}:\n{result.output[-2000:]}")
    return result


# SQLite floor -----------------------------------------------------------------------------


def sqlite_floor(path: Path, seconds: float = 3.0) -> tuple[float, list[float]]:
    """BEGIN IMMEDIATE; busy SELECT; INSERT; COMMIT in a loop on ExpertBook's schema."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    expert_id, event_type_id = db.execute(
        "SELECT expert_id, id FROM event_types LIMIT 1"
    ).fetchone()
    origin = datetime(2031, 1, 1)
    latencies = []
    count = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        t0 = time.perf_counter()
        start = origin + timedelta(minutes=5 * count)
        end = start + timedelta(minutes=5)
        s, e = start.isoformat(" "), end.isoformat(" ")
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "SELECT buffered_start, buffered_end FROM bookings WHERE expert_id = ?"
            " AND status = 'confirmed' AND buffered_start < ? AND buffered_end > ?",
            (expert_id, e, s),
        ).fetchall()
        db.execute(
            "INSERT INTO bookings (id, expert_id, event_type_id, user_id, status, start_at,"
            " end_at, buffered_start, buffered_end, timezone, name, email, meet_url, zoom_url,"
            " manage_token_hash, sequence, created_at, updated_at)"
            " VALUES (?, ?, ?, NULL, 'confirmed', ?, ?, ?, ?, 'UTC',"
            " 'Bench Client', 'raw@example.com', ?, ?, ?, 0, ?, ?)",
            (
                uuid.uuid4().hex,
                expert_id,
                event_type_id,
                s,
                e,
                s,
                e,
                f"m{count}",
                f"z{count}",
                "x" * 64,
                s,
                s,
            ),
        )
        db.execute("COMMIT")
        latencies.append((time.perf_counter() - t0) * 1000)
        count += 1
    elapsed = time.perf_counter() - started
    db.close()
    return count / elapsed, latencies


# Storms -----------------------------------------------------------------------------------


async def storms(urls: list[str]) -> dict[int, list[dict[str, Any]]]:
    async with httpx.AsyncClient(base_url=urls[0], timeout=30) as http:
        owner = await make_expert(http, "storm", event={"durationMinutes": 30, "maxDaysAhead": 730})
        today = datetime.now(UTC).date()
        starts = await free_starts(
            http, owner, today + timedelta(days=3), today + timedelta(days=5)
        )
    clients = [
        httpx.AsyncClient(
            base_url=urls[i % len(urls)], timeout=30, limits=httpx.Limits(max_connections=1)
        )
        for i in range(max(STORM_SIZES))
    ]
    results: dict[int, list[dict[str, Any]]] = {}
    slot = iter(starts)
    try:
        for size in STORM_SIZES:
            results[size] = []
            for _ in range(STORM_ROUNDS):
                start = next(slot)
                group = clients[:size]
                await asyncio.gather(*(c.get("/api/warm-up") for c in group))  # open connections
                barrier = asyncio.Barrier(size)
                outcomes: list[tuple[int, float, float]] = []

                async def attempt(n: int, client: httpx.AsyncClient) -> None:
                    body = {
                        "eventTypeId": owner["event"]["id"],
                        "start": start,  # noqa: B023
                        "name": f"Storm {n}",
                        "email": f"storm{n}@example.com",
                    }
                    await barrier.wait()  # noqa: B023
                    sent = time.perf_counter()
                    response = await client.post("/api/bookings", json=body)
                    outcomes.append((response.status_code, sent, time.perf_counter()))  # noqa: B023

                await asyncio.wait_for(
                    asyncio.gather(*(attempt(n, c) for n, c in enumerate(group))), 60
                )
                release = min(o[1] for o in outcomes)
                statuses = Counter(o[0] for o in outcomes)
                results[size].append(
                    {
                        "statuses": statuses,
                        "latencies": [(o[2] - o[1]) * 1000 for o in outcomes],
                        "from_release": [(o[2] - release) * 1000 for o in outcomes],
                    }
                )
                await asyncio.sleep(0.2)
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return results


# Main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--workers",
        type=int,
        nargs="*",
        default=[1, 2],
        help="worker counts to try for (a); (b), (c) use the best of them",
    )
    args = parser.parse_args()
    heading("Booking creation: app vs raw database, same run")
    print(cpu_note())
    verdicts = Verdicts()
    run_id = int(time.time())
    with (
        workdir("bookings") as work,
        throwaway_postgres("app") as pg,
        throwaway_postgres("raw") as raw,
        Stack() as stack,
    ):
        # Seed the app database once; the experts live on for (a), (c) and (d).
        seeder = start_expertbook("seed-pg", work, database_url=pg.asyncpg_url)
        try:
            experts = asyncio.run(seed_experts(seeder.url, "pg"))
            bodies = asyncio.run(booking_bodies(seeder.url, experts, 2, DAYS))
            warm = asyncio.run(booking_bodies(seeder.url, experts, 200, 1))
            hammer_start = json.loads(
                asyncio.run(booking_bodies(seeder.url, experts[:1], 400, 1))[0]
            )
        finally:
            seeder.stop()
        prepare_raw_database(raw, work)
        print(f"{len(bodies):,} distinct free starts over {EXPERTS} experts for the measured runs")

        # (a) distinct slots on PostgreSQL
        heading("(a) distinct free slots, PostgreSQL, 32 connections, 10 s")
        raw_distinct = pgbench(raw, work, "distinct", PG_DISTINCT, run_id)
        app_runs: dict[int, WrkResult] = {}
        offset = 0
        for workers in args.workers:
            server = stack.add(
                start_expertbook(
                    f"pg-w{workers}",
                    work,
                    database_url=pg.asyncpg_url,
                    workers=workers,
                    migrate=False,
                )
            )
            share = bodies[offset:]
            warm_share = warm[(workers - 1) * 1000 :][:1000]
            app_runs[workers] = app_run(server, work, f"distinct-w{workers}", share, warm_share)
            offset += app_runs[workers].requests + 64
            server.stop()
        rows: list[list[Any]] = [
            [
                "pgbench (lock + insert)",
                "-",
                raw_distinct.tps,
                raw_distinct.p50,
                raw_distinct.p99,
                raw_distinct.failed,
                "-",
                1.0,
            ]
        ]
        for workers, r in app_runs.items():
            rows.append(
                [
                    "POST /api/bookings",
                    workers,
                    r.rps,
                    r.p50,
                    r.p99,
                    r.socket_error_total,
                    _statuses(r),
                    ratio(r.rps, raw_distinct.tps),
                ]
            )
        print(
            table(
                ["", "workers", "per s", "p50 ms", "p99 ms", "errors", "statuses", "app/raw"],
                rows,
                2,
            )
        )
        best_workers, best = max(
            app_runs.items(), key=lambda kv: kv[1].statuses.get(201, 0) / max(kv[1].seconds, 1)
        )
        created_rate = best.statuses.get(201, 0) / best.seconds if best.seconds else 0.0
        wrapped = int(best.extra.get("wrapped", "0"))
        r_ratio = ratio(created_rate, raw_distinct.tps)
        verdicts.check(
            r_ratio >= TARGET_RATIO,
            f"(a) app/raw >= {TARGET_RATIO} (stretch {STRETCH_RATIO})",
            f"{r_ratio:.3f} ({created_rate:,.0f} created/s with --workers {best_workers}"
            f" vs pgbench {raw_distinct.tps:,.0f}/s)"
            f"{' stretch met' if r_ratio >= STRETCH_RATIO else ''}",
        )
        verdicts.check(
            best.p99 <= TARGET_P99_MS,
            f"(a) app p99 <= {TARGET_P99_MS:.0f} ms",
            f"{best.p99:.1f} ms (pgbench p99 {raw_distinct.p99:.1f} ms)",
        )
        verdicts.check(
            best.errors == 0 and wrapped == 0 and set(best.statuses) == {201},
            "(a) every request a 201 (distinct slots)",
            f"statuses {_statuses(best)}, socket errors {best.socket_error_total},"
            f" list wrapped {wrapped}x",
        )

        # (b) SQLite
        heading("(b) distinct free slots, SQLite, 32 connections, 10 s")
        sqlite_path = work / "bench.db"
        sqlite_url = f"sqlite+aiosqlite:///{sqlite_path}"
        seeder = start_expertbook("seed-sqlite", work, database_url=sqlite_url)
        try:
            sq_experts = asyncio.run(seed_experts(seeder.url, "sq"))
            sq_bodies = asyncio.run(booking_bodies(seeder.url, sq_experts, 2, 6))
            sq_warm = asyncio.run(booking_bodies(seeder.url, sq_experts, 200, 1))
        finally:
            seeder.stop()
        floor_path = work / "floor.db"
        with sqlite3.connect(sqlite_path) as source, sqlite3.connect(floor_path) as copy:
            source.backup(copy)
        raw_sqlite_rps, raw_sqlite_lat = sqlite_floor(floor_path)
        sq_server = stack.add(
            start_expertbook("sqlite", work, database_url=sqlite_url, migrate=False)
        )
        sq = app_run(sq_server, work, "sqlite", sq_bodies, sq_warm[:1000])
        sq_server.stop()
        locked = count_in_logs([sq_server], "database is locked")
        fivexx = sum(n for code, n in sq.statuses.items() if code >= 500)
        sq_created = sq.statuses.get(201, 0) / sq.seconds if sq.seconds else 0.0
        print(
            table(
                ["", "per s", "p50 ms", "p99 ms", "statuses", "app/raw"],
                [
                    [
                        "sqlite3 floor (1 connection)",
                        raw_sqlite_rps,
                        percentile(raw_sqlite_lat, 50),
                        percentile(raw_sqlite_lat, 99),
                        "-",
                        1.0,
                    ],
                    [
                        "POST /api/bookings (1 worker)",
                        sq.rps,
                        sq.p50,
                        sq.p99,
                        _statuses(sq),
                        ratio(sq_created, raw_sqlite_rps),
                    ],
                ],
                2,
            )
        )
        print(
            f"server log: {locked} x 'database is locked',"
            f" tracebacks: {sq_server.log().count('Traceback')}"
        )
        verdicts.check(
            sq_created >= TARGET_SQLITE_RPS,
            f"(b) SQLite >= {TARGET_SQLITE_RPS} bookings/s",
            f"{sq_created:,.0f}/s ({ratio(sq_created, raw_sqlite_rps):.3f}"
            f" x raw sqlite3 {raw_sqlite_rps:,.0f}/s)",
        )
        verdicts.check(locked == 0, "(b) zero 'database is locked'", f"{locked} in the server log")
        verdicts.check(
            fivexx == 0 and sq.socket_error_total == 0,
            "(b) zero 5xx",
            f"{fivexx} 5xx, {sq.socket_error_total} socket errors, statuses {_statuses(sq)}",
        )

        # (c) one-slot hammer
        heading("(c) one-slot hammer, PostgreSQL, 32 connections, 10 s")
        raw_hammer = pgbench(raw, work, "hammer", PG_HAMMER, run_id)
        server = stack.add(
            start_expertbook(
                "hammer", work, database_url=pg.asyncpg_url, workers=best_workers, migrate=False
            )
        )
        body = json.dumps(hammer_start, separators=(",", ":"))
        script = write_post_script(work / "hammer.lua", "/api/bookings", [body])
        wrk(
            server.url, connections=CONNECTIONS, duration=WARMUP, script=script
        )  # the first wins here
        hammer = wrk(server.url, connections=CONNECTIONS, duration=DURATION, script=script)
        server.stop()
        print(
            table(
                ["", "per s", "p50 ms", "p99 ms", "statuses", "app/raw"],
                [
                    [
                        "pgbench (lock + conflicting insert)",
                        raw_hammer.tps,
                        raw_hammer.p50,
                        raw_hammer.p99,
                        "-",
                        1.0,
                    ],
                    [
                        f"POST same start (--workers {best_workers})",
                        hammer.rps,
                        hammer.p50,
                        hammer.p99,
                        _statuses(hammer),
                        ratio(hammer.rps, raw_hammer.tps),
                    ],
                ],
                2,
            )
        )
        only_409 = set(hammer.statuses) == {409} and hammer.socket_error_total == 0
        verdicts.check(
            hammer.p99 <= TARGET_P99_MS,
            f"(c) hammer p99 <= {TARGET_P99_MS:.0f} ms",
            f"{hammer.p99:.1f} ms (pgbench p99 {raw_hammer.p99:.1f} ms)",
        )
        verdicts.check(
            only_409,
            "(c) after the first 201 (in the warm-up), only 409s",
            f"statuses {_statuses(hammer)}, socket errors {hammer.socket_error_total}",
        )

        # (d) storms across two instances
        heading("(d) storms across two instances (PostgreSQL + Redis)")
        log = PgLogTail()
        first = stack.add(
            start_expertbook(
                "storm-a", work, database_url=pg.asyncpg_url, redis_url=REDIS_URL, migrate=False
            )
        )
        second = stack.add(
            start_expertbook(
                "storm-b", work, database_url=pg.asyncpg_url, redis_url=REDIS_URL, migrate=False
            )
        )
        storm = asyncio.run(storms([first.url, second.url]))
        first.stop()
        second.stop()
        pg_log = log.read()
        deadlocks = pg_log.count("deadlock detected") if pg_log is not None else -1
        lock_timeouts = pg_log.count("lock timeout") if pg_log is not None else -1
        rows = []
        storm_ok, storm_max = True, 0.0
        for size, rounds in storm.items():
            winners = [r["statuses"].get(201, 0) for r in rounds]
            others = Counter()
            for r in rounds:
                others.update({k: v for k, v in r["statuses"].items() if k != 201})
            lat = [x for r in rounds for x in r["latencies"]]
            rel = [x for r in rounds for x in r["from_release"]]
            exact = all(w == 1 for w in winners) and set(others) <= {409}
            storm_ok = storm_ok and exact
            storm_max = max(storm_max, max(rel))
            rows.append(
                [
                    size,
                    len(rounds),
                    "/".join(map(str, winners)),
                    _fmt_counts(others),
                    percentile(lat, 50),
                    percentile(lat, 99),
                    max(lat),
                    max(rel),
                ]
            )
        print(
            table(
                [
                    "clients",
                    "rounds",
                    "201s per round",
                    "others",
                    "p50 ms",
                    "p99 ms",
                    "max ms",
                    "max from release",
                ],
                rows,
                1,
            )
        )
        print(
            f"PostgreSQL log ({log.path}): {deadlocks} 'deadlock detected',"
            f" {lock_timeouts} 'lock timeout'"
        )
        tracebacks = count_in_logs([first, second], "Traceback")
        verdicts.check(
            storm_ok,
            "(d) exactly one 201 per round, 409 for the rest",
            "; ".join(f"{r[0]} clients: {r[2]} ({r[3]})" for r in rows),
        )
        verdicts.check(
            storm_max <= TARGET_STORM_MS,
            f"(d) every response within {TARGET_STORM_MS:.0f} ms",
            f"max {storm_max:.1f} ms from the barrier's release",
        )
        verdicts.check(
            deadlocks == 0,
            "(d) no 'deadlock detected' in the PostgreSQL log",
            f"{deadlocks} (log {'unreadable' if pg_log is None else 'read'}),"
            f" {tracebacks} server tracebacks",
        )

        # (e) logins next to a booking
        heading(f"(e) a booking while {LOGINS} logins run, SQLite, production hashing cost")
        login_url = f"sqlite+aiosqlite:///{work / 'logins.db'}"
        server = stack.add(start_expertbook("logins", work, database_url=login_url))
        rounds = asyncio.run(logins_next_to_bookings(server.url))
        server.stop()
        booking_ms = [each["booking_ms"] for each in rounds]
        login_ms = [x for each in rounds for x in each["login_ms"]]
        in_flight = [each["logins_in_flight"] for each in rounds]
        print(
            table(
                ["", "rounds", "p50 ms", "max ms", "logins still running at the 201"],
                [
                    ["POST /api/bookings", len(rounds), percentile(booking_ms, 50),
                     max(booking_ms), f"{min(in_flight)}-{max(in_flight)}"],
                    ["POST /api/auth/login", len(login_ms), percentile(login_ms, 50),
                     max(login_ms), "-"],
                ],
                1,
            )
        )  # fmt: skip
        verdicts.check(
            max(booking_ms) < TARGET_BOOKING_NEXT_TO_LOGINS_MS and min(in_flight) > 0,
            f"(e) a booking within {TARGET_BOOKING_NEXT_TO_LOGINS_MS:.0f} ms while logins run",
            f"max {max(booking_ms):.1f} ms, with {min(in_flight)}+ logins still running",
        )
    verdicts.print()


async def logins_next_to_bookings(url: str) -> list[dict[str, Any]]:
    """Rounds of LOGINS simultaneous logins with one booking sent while they run."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        owner = await make_expert(http, "logins", event={"maxDaysAhead": 730})
        today = datetime.now(UTC).date()
        starts = await free_starts(
            http, owner, today + timedelta(days=3), today + timedelta(days=4)
        )
        email = f"login-{uuid.uuid4().hex[:8]}@example.com"
        body = {"name": "Login", "email": email, "password": PASSWORD}
        (await http.post("/api/auth/register", json=body)).raise_for_status()
    clients = [httpx.AsyncClient(base_url=url, timeout=60) for _ in range(LOGINS + 1)]
    rounds: list[dict[str, Any]] = []
    try:
        for n in range(LOGIN_ROUNDS):
            finished: list[float] = []

            async def login(client: httpx.AsyncClient) -> float:
                sent = time.perf_counter()
                response = await client.post(
                    "/api/auth/login", json={"email": email, "password": PASSWORD}
                )
                response.raise_for_status()
                finished.append(time.perf_counter())  # noqa: B023
                return (time.perf_counter() - sent) * 1000

            logins = [asyncio.create_task(login(c)) for c in clients[:LOGINS]]
            await asyncio.sleep(0.02)  # the logins are on their way before the booking
            sent = time.perf_counter()
            booking = await clients[LOGINS].post(
                "/api/bookings",
                json={
                    "eventTypeId": owner["event"]["id"],
                    "start": starts[n],
                    "name": "Next to logins",
                    "email": "next@example.com",
                },
            )
            booked = time.perf_counter()
            booking.raise_for_status()
            login_ms = await asyncio.gather(*logins)
            rounds.append(
                {
                    "booking_ms": (booked - sent) * 1000,
                    "login_ms": login_ms,
                    "logins_in_flight": sum(1 for done in finished if done > booked),
                }
            )
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return rounds


def _statuses(result: WrkResult) -> str:
    return _fmt_counts(result.statuses) or f"non-2xx {result.non_2xx_3xx}"


def _fmt_counts(counts: dict[int, int]) -> str:
    return " ".join(f"{code}:{n}" for code, n in sorted(counts.items()))


if __name__ == "__main__":
    main()
