"""Benchmark of the pure slot engine (not a test): `.venv/bin/python bench/bench_slots_engine.py`.

An expert in America/New_York with three ranges a day, a 30-minute event on a 15-minute
grid with 10-minute buffers, 2,000 confirmed bookings and a 62-day range that crosses the
March 2027 DST change. Prints p50 / p99 / mean of `compute_slots` and two ratios against
floors measured in the same run:

- busy floor: sort the 2,000 busy ranges and bisect once per candidate start, on integers;
  the least any engine must do to answer "is this start free?" for every candidate;
- datetime floor: a bare loop producing as many aware UTC datetimes as the slots returned.
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
    buffered_range,
    compute_slots,
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
    days = compute_slots(
        rules=RULES,
        overrides=[],
        expert_zone=EXPERT_ZONE,
        settings=SETTINGS,
        busy=busy,
        now=NOW,
        first_day=FIRST_DAY,
        last_day=FIRST_DAY + timedelta(days=DAYS - 1),
        viewer_zone=VIEWER_ZONE,
    )
    return sum(len(day.slots) for day in days)


def candidate_count() -> int:
    """Grid starts per day over all ranges, times the days: what the engine must examine."""
    step, duration = SETTINGS.interval_minutes, SETTINGS.duration_minutes
    return DAYS * sum((b - a - duration) // step + 1 for a, b in RANGES)


def busy_floor(busy: list[tuple[datetime, datetime]], candidates: int) -> Callable[[], None]:
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    pairs = [((s - epoch) // timedelta(seconds=1), (e - epoch) // timedelta(seconds=1)) for s, e in busy]
    first = pairs[0][0]
    probes = [first + 900 * i for i in range(candidates)]

    def floor() -> None:
        ends = [end for _, end in sorted(pairs)]
        for probe in probes:
            bisect_right(ends, probe)

    return floor


def datetime_floor(count: int) -> Callable[[], None]:
    origin = datetime(2027, 2, 20, tzinfo=UTC)
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


def main() -> None:
    busy = make_busy()
    produced = run_engine(busy)
    candidates = candidate_count()
    engine = measure(lambda: run_engine(busy))
    busy_p50 = statistics.median(measure(busy_floor(busy, candidates)))
    datetime_p50 = statistics.median(measure(datetime_floor(produced)))
    p50 = statistics.median(engine)

    print("slot engine: America/New_York expert, 3 ranges/day, 30 min on a 15 min grid,")
    print(f"10 min buffers, {BOOKINGS} bookings, {DAYS} days from {FIRST_DAY} (DST change inside)")
    print(f"runs: {RUNS} after {WARMUP_RUNS} warm-up")
    print()
    print(f"{'figure':<34}{'value':>12}")
    print(f"{'compute_slots p50 (ms)':<34}{p50:>12.3f}")
    print(f"{'compute_slots p99 (ms)':<34}{p99(engine):>12.3f}")
    print(f"{'compute_slots mean (ms)':<34}{statistics.fmean(engine):>12.3f}")
    print(f"{'candidate starts examined':<34}{candidates:>12}")
    print(f"{'slots produced':<34}{produced:>12}")
    print(f"{'busy floor p50 (ms)':<34}{busy_p50:>12.3f}")
    print(f"{'datetime floor p50 (ms)':<34}{datetime_p50:>12.3f}")
    print(f"{'ratio p50 / busy floor':<34}{p50 / busy_p50:>12.2f}")
    print(f"{'ratio p50 / datetime floor':<34}{p50 / datetime_p50:>12.2f}")
    verdict = "met" if p50 <= TARGET_P50_MS else "MISSED"
    print(f"{'target p50 <= 5 ms':<34}{verdict:>12}")


if __name__ == "__main__":
    main()
