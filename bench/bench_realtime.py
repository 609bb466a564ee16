"""Benchmark (not a test): real-time events, against raw Redis and bare python-socketio.

`.venv/bin/python bench/bench_realtime.py`

Two `expertbook serve` processes (A and B) on one throwaway PostgreSQL database with
EXPERTBOOK_REDIS_URL set, and two bare python-socketio processes (bench/_bare_sio.py with
BARE_SIO_REDIS_URL) on the same Redis, all started in the same run. Listeners are
python-socketio AsyncClients (websocket transport) in this process; a trigger is always a
POST to instance A, and every time is taken here, on the client side.

(a) One event, one listener. The floor is the raw Redis round trip: redis.asyncio
    publishes on one connection and receives on a subscribed one (2,000 iterations).
    ExpertBook: POST /api/bookings, and the expert's authenticated socket receives
    `newBooking`, on the same instance (socket on A) and across instances through Redis
    (socket on B), 80 bookings each, interleaved. Recorded per booking: the request sent,
    the event received, the 201 received, and the commit: a trigger added to the throwaway
    database (never to src/) NOTIFYs on every booking insert, and PostgreSQL delivers it to
    a LISTEN connection here at commit (the NOTIFY → LISTEN row bounds how late that can
    be). The sending starts right after the commit, so "POST → event" includes the whole
    booking and "commit → event" is the real-time path alone. The bare
    floor: POST /emit to a bare process, its socket on A or on B, measured the same way.
    Targets: commit → event p50 <= 10 x the Redis p50, p99 <= 20 ms.
(b) One event to 100, 500 and 1,000 sockets, half on each process, all watching one expert
    (`watchExpert`, ack awaited): a booking on A triggers `slotsChanged`; the bare floor gets
    "ping" through POST /emit on bare A, listeners spread over both bare processes likewise.
    15 measured rounds per size (after 10 warm-up rounds), bare and ExpertBook alternating.
    "answer" is POST → HTTP response: the bare server awaits its whole emit before
    answering; ExpertBook's answer waits for its events at most 50 ms.
    Targets: every event reaches every listener; last-recipient latency p50 <= 1.25 x the
    bare broadcast's, from the commit for ExpertBook (the booking before it is no part of
    the broadcast) and from POST /emit for the bare floor. Both POST → last are printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import asyncpg
import httpx
import socketio
from redis.asyncio import Redis

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    REDIS_URL,
    Stack,
    Verdicts,
    cpu_note,
    free_starts,
    heading,
    make_expert,
    percentile,
    raise_open_files,
    ratio,
    start_asgi,
    start_expertbook,
    table,
    throwaway_postgres,
    workdir,
)

REDIS_WARMUP, REDIS_ITERATIONS = 200, 2000
NOTIFY_ITERATIONS = 500
ONE_WARMUP, ONE_ROUNDS = 5, 80
SIZES = (100, 500, 1000)
# Each growth's burst of watchExpert reads churns ExpertBook's pool (10 connections, FIFO):
# the first ~10 bookings after it are ~3 ms slower, so warm up past them.
CROWD_WARMUP, CROWD_ROUNDS = 10, 15
CONNECT_BATCH = 50
ROUND_TIMEOUT = 5.0  # seconds for every listener to receive one event
PAUSE = 0.05  # between rounds, so one round's tail does not overlap the next
TARGET_REDIS_FACTOR, TARGET_P99_MS, TARGET_BARE_FACTOR = 10, 20.0, 1.25
NAN = float("nan")

# Fired on every booking insert, delivered by PostgreSQL at commit: the commit's timestamp.
COMMIT_CHANNEL = "bench_booking_committed"
COMMIT_TRIGGER = (
    f"""CREATE FUNCTION bench_booking_committed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('{COMMIT_CHANNEL}', to_char(NEW.start_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'));
      RETURN NEW;
    END $$""",
    "CREATE TRIGGER bench_booking_committed AFTER INSERT ON bookings"
    " FOR EACH ROW EXECUTE FUNCTION bench_booking_committed()",
)


def now_ms() -> float:
    return time.perf_counter() * 1000


# Listeners --------------------------------------------------------------------------------


class Crowd:
    """Socket.IO clients that record when each keyed event reaches each of them."""

    def __init__(self, event: str, key: Callable[[Any], str]) -> None:
        self.event = event
        self.key = key
        self.clients: list[socketio.AsyncClient] = []
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        self.complete: dict[str, asyncio.Event] = defaultdict(asyncio.Event)

    def _arrived(self, data: Any) -> None:
        received = now_ms()
        key = self.key(data)
        self.arrivals[key].append(received)
        if len(self.arrivals[key]) == len(self.clients):
            self.complete[key].set()

    async def grow(
        self,
        url: str,
        count: int,
        *,
        join: tuple[str, Any] | None = None,
        token: str | None = None,
    ) -> None:
        """Connect `count` more clients in concurrent batches; each one has joined on return."""
        for done in range(0, count, CONNECT_BATCH):
            batch = min(CONNECT_BATCH, count - done)
            await asyncio.gather(*(self._connect(url, join, token) for _ in range(batch)))

    async def _connect(self, url: str, join: tuple[str, Any] | None, token: str | None) -> None:
        client = socketio.AsyncClient(reconnection=False)
        client.on(self.event, self._arrived)
        self.clients.append(client)  # before connecting, so close() always reaches it
        auth = {"token": token} if token else None
        await client.connect(url, auth=auth, transports=["websocket"], wait_timeout=30)
        if join is not None:
            ack = await client.call(*join, timeout=30)
            if ack != {"ok": True}:
                raise RuntimeError(f"{join[0]} answered {ack}")

    async def close(self) -> None:
        for first in range(0, len(self.clients), CONNECT_BATCH * 4):
            batch = self.clients[first : first + CONNECT_BATCH * 4]
            await asyncio.gather(*(client.disconnect() for client in batch))


class Commits:
    """When each booking committed, keyed by its day, as NOTIFY reports it to a LISTEN here."""

    def __init__(self) -> None:
        self.seen: dict[str, float] = {}
        self.arrived: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.connection: asyncpg.Connection | None = None

    async def start(self, dsn: str) -> None:
        self.connection = await asyncpg.connect(dsn, timeout=10)
        for statement in COMMIT_TRIGGER:
            await self.connection.execute(statement)
        await self.connection.add_listener(COMMIT_CHANNEL, self._notified)

    def _notified(self, _connection: Any, _pid: int, _channel: str, day: str) -> None:
        self.seen[day] = now_ms()
        self.arrived[day].set()

    async def round_trips(self, dsn: str) -> list[float]:
        """NOTIFY from another connection → seen here: an upper bound on the marker's lag."""
        sender = await asyncpg.connect(dsn, timeout=10)
        samples = []
        try:
            for n in range(NOTIFY_ITERATIONS):
                key = f"probe-{n}"
                sent = now_ms()
                await sender.execute(f"NOTIFY {COMMIT_CHANNEL}, '{key}'")
                await asyncio.wait_for(self.arrived[key].wait(), 5)
                samples.append(self.seen[key] - sent)
        finally:
            await sender.close()
        return samples

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()


# Triggers ---------------------------------------------------------------------------------


class Trigger(Protocol):
    def next_key(self) -> str: ...

    async def fire(self, key: str) -> httpx.Response: ...


class BareEmit:
    """POST /emit to a bare python-socketio process: "ping" {key} to one room."""

    def __init__(self, http: httpx.AsyncClient, room: str) -> None:
        self.http = http
        self.room = room
        self.counter = itertools.count()

    def next_key(self) -> str:
        return f"{self.room}-{next(self.counter)}"

    async def fire(self, key: str) -> httpx.Response:
        body = {"room": self.room, "event": "ping", "data": {"key": key}}
        return await self.http.post("/emit", json=body)


class Booking:
    """POST /api/bookings for one expert; every booking takes a day of its own, which is the
    key of its events (`newBooking`'s start, `slotsChanged`'s dates) and of its commit."""

    def __init__(
        self, http: httpx.AsyncClient, expert: dict[str, Any], days: Iterator[tuple[str, str]]
    ) -> None:
        self.http = http
        self.expert = expert
        self.days = days
        self.starts: dict[str, str] = {}

    def next_key(self) -> str:
        day, start = next(self.days)
        self.starts[day] = start
        return day

    async def fire(self, key: str) -> httpx.Response:
        body = {
            "eventTypeId": self.expert["event"]["id"],
            "start": self.starts[key],
            "name": "Bench Client",
            "email": "client@example.com",
        }
        return await self.http.post("/api/bookings", json=body)


# Rounds -----------------------------------------------------------------------------------


@dataclass
class Round:
    """One triggered event: times in ms on this process's clock."""

    sent: float
    answered: float
    arrivals: list[float]
    committed: float | None

    @property
    def first(self) -> float:
        return min(self.arrivals) - self.sent

    @property
    def last(self) -> float:
        return max(self.arrivals) - self.sent

    @property
    def commit_to_first(self) -> float | None:
        return min(self.arrivals) - self.committed if self.committed is not None else None

    @property
    def commit_to_last(self) -> float | None:
        return max(self.arrivals) - self.committed if self.committed is not None else None

    @property
    def ahead_of_response(self) -> float:
        return self.answered - min(self.arrivals)


async def run_round(crowd: Crowd, trigger: Trigger, commits: Commits) -> Round:
    """Fire one event and wait until every listener has it (or ROUND_TIMEOUT passes)."""
    key = trigger.next_key()
    sent = now_ms()
    response = await trigger.fire(key)
    answered = now_ms()
    if response.status_code not in (200, 201):
        raise RuntimeError(f"trigger answered {response.status_code}: {response.text[:500]}")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(crowd.complete[key].wait(), ROUND_TIMEOUT)
    arrivals = list(crowd.arrivals[key])
    await asyncio.sleep(PAUSE)
    return Round(sent, answered, arrivals, commits.seen.get(key))  # bare keys have no commit


async def alternate(
    pairs: list[tuple[Crowd, Trigger]], warmup: int, rounds: int, commits: Commits
) -> list[list[Round]]:
    """Rounds for each (crowd, trigger), taken in turn so each sees the same machine load."""
    results: list[list[Round]] = [[] for _ in pairs]
    for n in range(warmup + rounds):
        for measured, (crowd, trigger) in zip(results, pairs, strict=True):
            one = await run_round(crowd, trigger, commits)
            if n >= warmup:
                measured.append(one)
    return results


def delivered(rounds: list[Round]) -> list[Round]:
    return [r for r in rounds if r.arrivals]


def stats(values: list[float]) -> tuple[float, float, float]:
    """p50, p99, max."""
    return percentile(values, 50), percentile(values, 99), max(values, default=NAN)


# (a) One listener -------------------------------------------------------------------------


async def redis_round_trips() -> list[float]:
    """PUBLISH on one connection, read the message on a subscribed one, one at a time."""
    publisher, subscriber = Redis.from_url(REDIS_URL), Redis.from_url(REDIS_URL)
    pubsub = subscriber.pubsub()
    channel = f"bench-realtime-{uuid.uuid4().hex}"
    samples = []
    try:
        await pubsub.subscribe(channel)
        for n in range(REDIS_WARMUP + REDIS_ITERATIONS):
            sent = now_ms()
            await publisher.publish(channel, str(n))
            message = None
            while message is None:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)
            if message["data"] != str(n).encode():
                raise RuntimeError(f"Redis delivered {message} for {n}")
            if n >= REDIS_WARMUP:
                samples.append(now_ms() - sent)
    finally:
        await pubsub.aclose()
        await publisher.aclose()
        await subscriber.aclose()
    return samples


@dataclass
class OneListener:
    redis: list[float]
    notify: list[float]
    bare: dict[str, list[Round]]
    app: dict[str, list[Round]]


PATHS = ("same instance", "across instances")


async def one_listener(
    eb: list[httpx.AsyncClient],
    bare: list[httpx.AsyncClient],
    days: Iterator[tuple[str, str]],
    commits: Commits,
    crowds: list[Crowd],
    dsn: str,
) -> OneListener:
    """Socket on A, then on B; every trigger a POST to A. New crowds go into `crowds`."""
    redis = await redis_round_trips()
    notify = await commits.round_trips(dsn)
    pairs: list[tuple[Crowd, Trigger]] = []
    for label, eb_http, bare_http in zip("ab", eb, bare, strict=True):
        expert = await make_expert(eb[0], f"one-{label}", event={"maxDaysAhead": 730})
        app_crowd = Crowd("newBooking", lambda booking: booking["start"][:10])
        await app_crowd.grow(str(eb_http.base_url), 1, token=expert["token"])
        bare_crowd = Crowd("ping", lambda data: data["key"])
        room = f"one-{label}-{uuid.uuid4().hex[:8]}"
        await bare_crowd.grow(str(bare_http.base_url), 1, join=("watch", {"room": room}))
        crowds += [app_crowd, bare_crowd]
        pairs += [(bare_crowd, BareEmit(bare[0], room)), (app_crowd, Booking(eb[0], expert, days))]
    results = await alternate(pairs, ONE_WARMUP, ONE_ROUNDS, commits)
    return OneListener(
        redis,
        notify,
        dict(zip(PATHS, results[0::2], strict=True)),
        dict(zip(PATHS, results[1::2], strict=True)),
    )


def one_row(
    label: str, samples: list[float], total: int, redis: float = NAN, bare: float = NAN
) -> list[Any]:
    """A row of table (a), with ratios to whichever floors (p50s) are given."""
    p50, p99, most = stats(samples)
    return [
        label,
        f"{len(samples):,}/{total:,}",
        p50,
        p99,
        most,
        ratio(p50, redis),
        ratio(p50, bare),
    ]


def report_one(one: OneListener, verdicts: Verdicts) -> None:
    redis_p50 = percentile(one.redis, 50)
    rows = [
        one_row("Redis publish → receive", one.redis, len(one.redis), redis_p50),
        one_row("PostgreSQL NOTIFY → LISTEN", one.notify, len(one.notify), redis_p50),
    ]
    for path in PATHS:
        bare_rounds, app_rounds, n = one.bare[path], one.app[path], len(one.app[path])
        app = delivered(app_rounds)
        bare = [r.first for r in delivered(bare_rounds)]
        send = [r.first for r in app]
        commit = [c for r in app if (c := r.commit_to_first) is not None]
        bare_p50 = percentile(bare, 50)
        rows += [
            one_row(f"bare sio, {path}: POST /emit → event", bare, n, redis_p50, bare_p50),
            one_row(f"ExpertBook, {path}: POST → newBooking", send, n, redis_p50, bare_p50),
            one_row("  commit (NOTIFY) → newBooking", commit, n, redis_p50),
            one_row("  POST → 201", [r.answered - r.sent for r in app_rounds], n),
            one_row("  newBooking ahead of the 201", [r.ahead_of_response for r in app], n),
        ]
        commit_p50, commit_p99, _ = stats(commit)
        send_p50, send_p99, _ = stats(send)
        limit = TARGET_REDIS_FACTOR * redis_p50
        verdicts.check(
            commit_p50 <= limit,
            f"(a) {path}: commit → event p50 <= {TARGET_REDIS_FACTOR} x Redis p50 ({limit:.2f} ms)",
            f"{commit_p50:.2f} ms = {ratio(commit_p50, redis_p50):.1f} x {redis_p50:.3f} ms"
            f" (POST → event p50 {send_p50:.2f} ms)",
        )
        verdicts.check(
            commit_p99 <= TARGET_P99_MS,
            f"(a) {path}: commit → event p99 <= {TARGET_P99_MS:.0f} ms",
            f"{commit_p99:.2f} ms (POST → event p99 {send_p99:.2f} ms)",
        )
    print(table(["", "received", "p50 ms", "p99 ms", "max ms", "x Redis", "x bare"], rows, 2))


# (b) Broadcast ----------------------------------------------------------------------------


async def broadcast(
    eb: list[httpx.AsyncClient],
    bare: list[httpx.AsyncClient],
    days: Iterator[tuple[str, str]],
    commits: Commits,
    crowds: list[Crowd],
) -> dict[int, tuple[list[Round], list[Round]]]:
    """Grow both crowds to each size, half on each process, and time bare vs app in turn.
    New crowds go into `crowds`, for the caller to close."""
    expert = await make_expert(eb[0], "watched", event={"maxDaysAhead": 730})
    app_crowd = Crowd("slotsChanged", lambda change: change["dates"][0])
    bare_crowd = Crowd("ping", lambda data: data["key"])
    crowds += [app_crowd, bare_crowd]
    room = f"crowd-{uuid.uuid4().hex[:8]}"
    pairs: list[tuple[Crowd, Trigger]] = [
        (bare_crowd, BareEmit(bare[0], room)),
        (app_crowd, Booking(eb[0], expert, days)),
    ]
    results = {}
    for size in SIZES:
        more = (size - len(app_crowd.clients)) // 2
        for eb_http, bare_http in zip(eb, bare, strict=True):
            await app_crowd.grow(
                str(eb_http.base_url),
                more,
                join=("watchExpert", {"expertId": expert["expert"]["id"]}),
            )
            await bare_crowd.grow(str(bare_http.base_url), more, join=("watch", {"room": room}))
        bare_rounds, app_rounds = await alternate(pairs, CROWD_WARMUP, CROWD_ROUNDS, commits)
        results[size] = (bare_rounds, app_rounds)
        print(f"{size:,} listeners measured", flush=True)
    return results


BROADCAST_HEADERS = (
    *("listeners", "", "rounds", "delivered", "answer p50", "first p50"),
    *("last p50", "last p99", "last max", "commit→last p50", "x bare"),
)


def crowd_row(size: int, name: str, rounds: list[Round], bare_last: float) -> list[Any]:
    """A row of table (b); `bare_last` is the bare broadcast's last-recipient p50."""
    ok = delivered(rounds)
    got = f"{sum(len(r.arrivals) for r in rounds):,}/{size * len(rounds):,}"
    answer = percentile([r.answered - r.sent for r in rounds], 50)
    first = percentile([r.first for r in ok], 50)
    last = stats([r.last for r in ok])
    commit_last = percentile([c for r in ok if (c := r.commit_to_last) is not None], 50)
    vs_bare = ratio(last[0], bare_last)
    return [size, name, len(rounds), got, answer, first, *last, commit_last, vs_bare]


def report_broadcast(
    results: dict[int, tuple[list[Round], list[Round]]], verdicts: Verdicts
) -> None:
    rows: list[list[Any]] = []
    for size, (bare, app) in results.items():
        bare_last = percentile([r.last for r in delivered(bare)], 50)
        # The booking before its commit is no part of the broadcast: judge from the commit.
        app_last = percentile(
            [c for r in delivered(app) if (c := r.commit_to_last) is not None], 50
        )
        rows += [
            crowd_row(size, "bare sio", bare, bare_last),
            crowd_row(size, "ExpertBook", app, bare_last),
        ]
        verdicts.check(
            app_last <= TARGET_BARE_FACTOR * bare_last,
            f"(b) {size:,} listeners: commit → last recipient p50 <= {TARGET_BARE_FACTOR} x bare",
            f"{app_last:.1f} ms vs bare POST → last {bare_last:.1f} ms"
            f" ({ratio(app_last, bare_last):.2f} x)",
        )
    print(table(BROADCAST_HEADERS, rows, 1))
    everything = all(
        len(r.arrivals) == size for size, pair in results.items() for rounds in pair for r in rounds
    )
    verdicts.check(
        everything,
        "(b) 100 % delivered (every event to every listener)",
        "; ".join(f"{row[1]} {row[0]:,}: {row[3]}" for row in rows),
    )


# Main -------------------------------------------------------------------------------------


async def booking_days(http: httpx.AsyncClient, needed: int) -> Iterator[tuple[str, str]]:
    """(day, start) pairs, one start per day, every expert made alike offers them all."""
    probe = await make_expert(http, "probe", event={"maxDaysAhead": 730})
    first = datetime.now(UTC).date() + timedelta(days=2)
    starts = await free_starts(http, probe, first, first + timedelta(days=needed + 10))
    by_day = {start[:10]: start for start in starts if start[11:16] == "10:00"}
    if len(by_day) < needed:
        raise RuntimeError(f"only {len(by_day)} days with a 10:00 slot, {needed} needed")
    return iter(by_day.items())


async def measure(urls: list[str], bare_urls: list[str], dsn: str) -> Verdicts:
    """Both sections in one event loop (the sockets live in it), printing as they finish."""
    verdicts = Verdicts()
    crowds: list[Crowd] = []
    commits = Commits()
    async with contextlib.AsyncExitStack() as stack:
        http = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=url, timeout=30))
            for url in (*urls, *bare_urls)
        ]
        eb, bare = http[: len(urls)], http[len(urls) :]
        stack.push_async_callback(commits.close)
        stack.push_async_callback(lambda: asyncio.gather(*(crowd.close() for crowd in crowds)))
        needed = 2 * (ONE_WARMUP + ONE_ROUNDS) + len(SIZES) * (CROWD_WARMUP + CROWD_ROUNDS)
        days = await booking_days(eb[0], needed)
        await commits.start(dsn)

        heading("(a) one event, one listener (every trigger a POST to A)")
        report_one(await one_listener(eb, bare, days, commits, crowds, dsn), verdicts)

        heading("(b) one event to many listeners, half on each process")
        report_broadcast(await broadcast(eb, bare, days, commits, crowds), verdicts)
    return verdicts


def main() -> None:
    heading("Real-time events: ExpertBook vs raw Redis and bare python-socketio, same run")
    print(cpu_note())
    raise_open_files(8192)  # ~2,000 sockets here; the servers inherit the limit too
    with workdir("realtime") as work, throwaway_postgres("realtime") as pg, Stack() as stack:
        # eb-a migrates the fresh database before eb-b starts.
        app = [
            stack.add(
                start_expertbook(
                    name,
                    work,
                    database_url=pg.asyncpg_url,
                    redis_url=REDIS_URL,
                    migrate=name == "eb-a",
                )
            )
            for name in ("eb-a", "eb-b")
        ]
        env = {"BARE_SIO_REDIS_URL": REDIS_URL}
        bare = [
            stack.add(start_asgi(name, work, "_bare_sio:create_app", env=env))
            for name in ("bare-a", "bare-b")
        ]
        verdicts = asyncio.run(measure([s.url for s in app], [s.url for s in bare], pg.dsn))
        tracebacks = sum(server.log().count("Traceback") for server in stack.servers)
        print(f"\nserver logs: {tracebacks} tracebacks")
    verdicts.print()


if __name__ == "__main__":
    main()
