"""Benchmark of the pure slot engine (not a test): `.venv/bin/python bench/bench_slots_engine.py`.

An expert in America/New_York with three ranges a day, a 30-minute event on a 15-minute
grid with 10-minute buffers, 2,000 confirmed bookings and a 62-day range that crosses the
March 2027 DST change. Prints p50 / p99 / mean of `answer_slots` and two ratios against
floors measured in the same run:

- busy floor: sort the 2,000 busy ranges and bisect once per candidate start, on integers;
  the least any engine must do to answer "is this start free?" for every candidate;
- datetime floor: a bare loop producing one aware UTC datetime per candidate start.

A second, sparse run (no bookings, so every candidate becomes a slot) shows the cost of
building and grouping the slots themselves.
"""

import random
import statistics
import time
from bisect import bisect_right
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from expertbook.availability.slots import (
    Interval,
    SlotSettings,
    WeeklyRule,
    answer_slots,
    buffered_range,
)

EXPERT_ZONE = ZoneInfo("America/New_York")
VIEWER_ZONE = ZoneInfo("Europe/Berlin")
FIRST_DAY = date(2027, 2, 20)  # New York springs forward on 2027-03-14
DAYS = 62
BOOKINGS = 2_000
WARMUP_RUNS = 20
RUNS = 200
TARGET_P50_MS = 5.0

RANGES = [(8 * 60, 12 * 60), (13 * 60, 17 * 60), (18 * 60, 20 * 60)]
RULES = [WeeklyRule(day, Interval(a, b)) for day in range(7) for a, b in RANGES]
SETTINGS = SlotSettings(
    duration_minutes=30,
    interval_minutes=15,
    buffer_before_minutes=10,
    buffer_after_minutes=10,
    max_days_ahead=90,
)
NOW = datetime(2027, 2, 19, 12, 0, tzinfo=UTC)


def make_busy(seed: int = 20270220) -> list[tuple[datetime, datetime]]:
    """2,000 buffered bookings at random 15-minute starts over the 62 days, in random order."""
    rng = random.Random(seed)
    origin = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tzinfo=UTC)
    busy = []
    for _ in range(BOOKINGS):
        start = origin + timedelta(minutes=15 * rng.randrange(DAYS * 96))
        end = start + timedelta(minutes=rng.choice((15, 30, 45, 60)))
        busy.append(buffered_range(start, end, SETTINGS))
    return busy


def run_engine(busy: list[tuple[datetime, datetime]]) -> int:
    days = answer_slots(
        rules=RULES,
        overrides=[],
        expert_zone=EXPERT_ZONE,
        settings=SETTINGS,
        busy=busy,
        now=NOW,
        first_day=FIRST_DAY,
        last_day=FIRST_DAY + timedelta(days=DAYS - 1),
        viewer_zone=VIEWER_ZONE,
    ).days
    return sum(len(day.slots) for day in days)


def candidate_count() -> int:
    """Grid starts per day over all ranges, times the days: what the engine must examine."""
    step, duration = SETTINGS.interval_minutes, SETTINGS.duration_minutes
    return DAYS * sum((b - a - duration) // step + 1 for a, b in RANGES)


def busy_floor(busy: list[tuple[datetime, datetime]], candidates: int) -> Callable[[], None]:
    """Sort the busy ranges as given and bisect once per candidate start."""
    origin = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, 13, tzinfo=UTC)
    probes = [origin + timedelta(minutes=15 * i) for i in range(candidates)]

    def floor() -> None:
        ends = [end for _, end in sorted(busy)]
        for probe in probes:
            bisect_right(ends, probe)

    return floor


def datetime_floor(count: int) -> Callable[[], None]:
    """A bare loop producing `count` aware UTC datetimes."""
    origin = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, 13, tzinfo=UTC)
    step = timedelta(minutes=15)

    def floor() -> None:
        moment = origin
        for _ in range(count):
            moment += step

    return floor


def measure(fn: Callable[[], object], runs: int = RUNS) -> list[float]:
    for _ in range(WARMUP_RUNS):
        fn()
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def p99(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=100)[98]


def row(label: str, value: object) -> None:
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{label:<34}{text:>12}")


def main() -> None:
    busy = make_busy()
    candidates = candidate_count()
    produced = run_engine(busy)
    engine = measure(lambda: run_engine(busy))
    sparse_produced = run_engine([])
    sparse = measure(lambda: run_engine([]))
    busy_p50 = statistics.median(measure(busy_floor(busy, candidates)))
    datetime_p50 = statistics.median(measure(datetime_floor(candidates)))
    p50 = statistics.median(engine)

    print("slot engine: America/New_York expert, 3 ranges a day, 30 min on a 15 min grid,")
    print(f"10 min buffers, {DAYS} days from {FIRST_DAY} (DST change inside), viewer in Berlin")
    print(f"{RUNS} timed runs after {WARMUP_RUNS} warm-up runs")
    print()
    row("figure", "value")
    row(f"with {BOOKINGS} bookings: p50 (ms)", p50)
    row(f"with {BOOKINGS} bookings: p99 (ms)", p99(engine))
    row(f"with {BOOKINGS} bookings: mean (ms)", statistics.fmean(engine))
    row(f"with {BOOKINGS} bookings: slots", produced)
    row("no bookings: p50 (ms)", statistics.median(sparse))
    row("no bookings: p99 (ms)", p99(sparse))
    row("no bookings: slots", sparse_produced)
    row("candidate starts examined", candidates)
    row("busy floor p50 (ms)", busy_p50)
    row("datetime floor p50 (ms)", datetime_p50)
    row("ratio p50 / busy floor", f"{p50 / busy_p50:.2f}x")
    row("ratio p50 / datetime floor", f"{p50 / datetime_p50:.1f}x")
    row(f"target p50 <= {TARGET_P50_MS:g} ms", "met" if p50 <= TARGET_P50_MS else "MISSED")


if __name__ == "__main__":
    main()
