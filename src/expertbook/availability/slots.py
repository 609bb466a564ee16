"""The slot engine: weekly availability in the expert's zone -> free slots, in UTC.

Pure: no I/O, no clock, no database. The slots API (`answer_slots`) and booking validation
(`is_offered`) share every step below, so a slot that is shown can be booked and nothing
else can.

Time model. Availability is wall-clock time in the expert's IANA zone. A local interval
[a, b) becomes the smallest range of real instants holding every instant whose wall time
lies in it: from the first instant the clock shows a (or later) to the last instant it
shows a time before b. On a fall-back day that is the first a and the second b; a wall time
skipped by a spring-forward gap maps to the transition, where the gap ends. Slot starts
are then stepped in real elapsed time from the range's start. So a slot always lasts
exactly `duration_minutes`, skipped wall times are never offered, and a repeated hour
yields both of its real instants.

Inside, instants are integers (microseconds since the Unix epoch): exact, cheap to compare
and to bisect; only the slots returned become datetimes again.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "DateOverride",
    "DaySlots",
    "Interval",
    "Slot",
    "SlotAnswer",
    "SlotSettings",
    "WeeklyRule",
    "answer_slots",
    "buffered_range",
    "is_offered",
]

_MINUTES_PER_DAY = 1440
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_DAY = timedelta(days=1)
_MICROSECOND = timedelta(microseconds=1)
_US_PER_SECOND = 1_000_000
_US_PER_MINUTE = 60 * _US_PER_SECOND
_US_PER_DAY = _MINUTES_PER_DAY * _US_PER_MINUTE


@dataclass(frozen=True, slots=True)
class Interval:
    """A local wall-clock range in the expert's zone, in minutes from midnight."""

    start_minute: int  # 0..1439
    end_minute: int  # 1..1440, > start_minute (1440 = midnight at the end of the day)

    def __post_init__(self) -> None:
        if not 0 <= self.start_minute < self.end_minute <= _MINUTES_PER_DAY:
            raise ValueError(
                f"an interval needs 0 <= start < end <= {_MINUTES_PER_DAY} minutes, "
                f"got {self.start_minute}..{self.end_minute}"
            )


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    weekday: int  # 0 = Monday .. 6 = Sunday
    interval: Interval

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) .. 6 (Sunday), got {self.weekday}")


@dataclass(frozen=True, slots=True)
class DateOverride:
    day: date
    intervals: tuple[
        Interval, ...
    ]  # empty tuple = day off; otherwise replaces that weekday's rules


@dataclass(frozen=True, slots=True)
class SlotSettings:
    duration_minutes: int
    interval_minutes: int  # step between slot starts
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    min_notice_minutes: int = 0
    max_days_ahead: int = 60

    def __post_init__(self) -> None:
        if self.duration_minutes <= 0 or self.interval_minutes <= 0:
            raise ValueError("duration_minutes and interval_minutes must be positive")
        limits = (
            self.buffer_before_minutes,
            self.buffer_after_minutes,
            self.min_notice_minutes,
            self.max_days_ahead,
        )
        if any(limit < 0 for limit in limits):
            raise ValueError("buffers, min notice and max days ahead cannot be negative")


@dataclass(frozen=True, slots=True)
class Slot:
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC
    seats_left: int | None = None  # a group session's free seats; None for one-to-one


@dataclass(frozen=True, slots=True)
class DaySlots:
    day: date  # a date in the VIEWER's zone
    slots: tuple[Slot, ...]  # UTC, sorted by start


@dataclass(frozen=True, slots=True)
class SlotAnswer:
    days: list[DaySlots]
    # The first instant at which the clock alone changes `days` (a slot passes its notice,
    # or the booking window lets a new one in); None when it never does. Until then the
    # answer stays true for as long as the inputs do.
    valid_until: datetime | None
    # When asked for: per day, the times the hours offer but that are taken (booked, or a
    # full group session), which a client may queue for (waitlist/).
    taken: list[DaySlots] | None = None


def answer_slots(
    *,
    rules: Sequence[WeeklyRule],
    overrides: Sequence[DateOverride],
    expert_zone: ZoneInfo,
    settings: SlotSettings,
    busy: Sequence[tuple[datetime, datetime]],
    now: datetime,
    first_day: date,
    last_day: date,
    viewer_zone: ZoneInfo,
) -> SlotAnswer:
    """Free slots for each viewer-zone date from `first_day` to `last_day` inclusive, and
    the moment the clock alone makes them untrue.

    `busy` holds the buffered ranges [start, end) of confirmed bookings (aware, any zone,
    any order, may overlap). `days` has one `DaySlots` per date, in order, empty when none.
    Naive datetimes raise ValueError.
    """
    schedule = _Schedule(rules, overrides, expert_zone)
    offer = _Offer(settings, busy, now)

    # Only instants both inside the viewer's days and bookable now can matter.
    window_start = _wall_to_us(first_day, 0, viewer_zone, latest=False)
    window_end = _wall_to_us(last_day + _ONE_DAY, 0, viewer_zone, latest=False)
    lower = max(window_start, offer.earliest)
    upper = min(window_end, offer.latest)
    starts: set[int] = set()  # overlapping intervals must not yield an instant twice
    if lower < upper:
        for range_start, range_end in schedule.ranges(_dates_around(lower, upper, expert_zone)):
            starts.update(offer.starts_in(range_start, range_end))
    # The margins yield starts outside the viewer's days: drop them before they cost datetimes.
    offered = [start for start in sorted(starts) if lower <= start < upper]
    changes = []
    if offered:  # the first slot is the first to pass its notice
        changes.append(offer.gone_after(offered[0]))
    if window_end > offer.latest and offer.can_offer:  # the window has days of ours to let in
        beyond = max(window_start, offer.latest)
        ranges = schedule.ranges(_dates_around(beyond, window_end, expert_zone))
        firsts = [offer.first_beyond(*bounds, beyond, window_end) for bounds in ranges]
        changes.extend(offer.let_in_at(start) for start in firsts if start is not None)
    slots = [offer.slot(start) for start in offered]
    days = _group_by_viewer_day(slots, first_day, last_day, viewer_zone)
    return SlotAnswer(days, _from_us(min(changes)) if changes else None)


def is_offered(
    *,
    rules: Sequence[WeeklyRule],
    overrides: Sequence[DateOverride],
    expert_zone: ZoneInfo,
    settings: SlotSettings,
    busy: Sequence[tuple[datetime, datetime]],
    now: datetime,
    start: datetime,
) -> Slot | None:
    """The slot starting exactly at `start` if `answer_slots` would offer it now, else None."""
    start_us = _to_us(start)
    schedule = _Schedule(rules, overrides, expert_zone)
    offer = _Offer(settings, busy, now)
    # A range containing `start` belongs to its local date or a neighbour (end 24:00, DST).
    local_day = _local_date(start_us, expert_zone)
    days = _dates(local_day - _ONE_DAY, local_day + _ONE_DAY)
    if any(offer.offers(start_us, *bounds) for bounds in schedule.ranges(days)):
        return offer.slot(start_us)
    return None


def buffered_range(
    start: datetime, end: datetime, settings: SlotSettings
) -> tuple[datetime, datetime]:
    """[start - buffer_before, end + buffer_after): the range a booking occupies."""
    return (
        start - timedelta(minutes=settings.buffer_before_minutes),
        end + timedelta(minutes=settings.buffer_after_minutes),
    )


class _Schedule:
    """Weekly rules and date overrides, turned into ranges of real instants."""

    __slots__ = ("_overrides", "_weekly", "_zone")

    def __init__(
        self, rules: Sequence[WeeklyRule], overrides: Sequence[DateOverride], zone: ZoneInfo
    ) -> None:
        self._zone = zone
        self._weekly: list[list[Interval]] = [[] for _ in range(7)]
        for rule in rules:
            self._weekly[rule.weekday].append(rule.interval)
        # Several overrides of one date add up, so their order never matters.
        self._overrides: dict[date, list[Interval]] = {}
        for override in overrides:
            self._overrides.setdefault(override.day, []).extend(override.intervals)

    def ranges(self, days: Iterable[date]) -> list[tuple[int, int]]:
        """[start, end) instants of every interval on these expert-local dates."""
        result = []
        for day in days:
            intervals = self._overrides.get(day, self._weekly[day.weekday()])
            for interval in intervals:
                start = _wall_to_us(day, interval.start_minute, self._zone, latest=False)
                end = _wall_to_us(day, interval.end_minute, self._zone, latest=True)
                if start < end:  # both ends in one DST gap: nothing left
                    result.append((start, end))
        return result


class _Offer:
    """Everything but availability that decides whether a start instant is offered."""

    __slots__ = (
        "_after",
        "_before",
        "_busy",
        "_duration",
        "_length",
        "_notice",
        "_step",
        "_window",
        "earliest",
        "latest",
    )

    def __init__(
        self, settings: SlotSettings, busy: Sequence[tuple[datetime, datetime]], now: datetime
    ) -> None:
        now_us = _to_us(now)
        self._length = timedelta(minutes=settings.duration_minutes)
        self._duration = settings.duration_minutes * _US_PER_MINUTE
        self._step = settings.interval_minutes * _US_PER_MINUTE
        self._before = settings.buffer_before_minutes * _US_PER_MINUTE
        self._after = settings.buffer_after_minutes * _US_PER_MINUTE
        self._busy = _BusyIndex(busy)
        self._notice = settings.min_notice_minutes * _US_PER_MINUTE
        self._window = settings.max_days_ahead * _US_PER_DAY
        self.earliest = now_us + self._notice  # inclusive
        self.latest = now_us + self._window  # exclusive

    def _grid(self, range_start: int, range_end: int) -> range:
        """Starts on the range's grid that fit in it and respect notice and window."""
        skipped = max(0, -((range_start - self.earliest) // self._step))  # ceil division
        first = range_start + skipped * self._step
        stop = min(range_end - self._duration + 1, self.latest)
        return range(first, stop, self._step)

    def _is_free(self, start: int) -> bool:
        return self._busy.is_free(start - self._before, start + self._duration + self._after)

    def starts_in(self, range_start: int, range_end: int) -> list[int]:
        return [s for s in self._grid(range_start, range_end) if self._is_free(s)]

    def offers(self, start: int, range_start: int, range_end: int) -> bool:
        # The same grid as starts_in, so is_offered and answer_slots cannot disagree.
        return start in self._grid(range_start, range_end) and self._is_free(start)

    def first_beyond(self, range_start: int, range_end: int, lower: int, upper: int) -> int | None:
        """The first free start on the range's grid in [lower, upper), ignoring the booking
        window: the next slot the window will let in as time passes."""
        skipped = max(0, -((range_start - lower) // self._step))  # ceil division
        stop = min(range_end - self._duration + 1, upper)
        for start in range(range_start + skipped * self._step, stop, self._step):
            if self._is_free(start):
                return start
        return None

    @property
    def can_offer(self) -> bool:
        """False when the notice reaches past the booking window: nothing is ever offered."""
        return self._window > self._notice

    def gone_after(self, start: int) -> int:
        """The first `now` at which `start` is inside the notice: start >= now + notice fails."""
        return start - self._notice + 1

    def let_in_at(self, start: int) -> int:
        """The first `now` at which the booking window reaches `start`: start < now + window."""
        return start - self._window + 1

    def slot(self, start: int) -> Slot:
        start_at = _from_us(start)
        return Slot(start_at, start_at + self._length)


class _BusyIndex:
    """Busy ranges sorted and merged once, so each lookup is one bisection."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, busy: Sequence[tuple[datetime, datetime]]) -> None:
        try:  # inlined conversion: this runs for every booking in the window
            ranges = sorted(
                ((s - _EPOCH) // _MICROSECOND, (e - _EPOCH) // _MICROSECOND) for s, e in busy
            )
        except TypeError:
            raise ValueError("busy ranges need aware datetimes") from None
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in ranges:
            if end <= start:
                continue  # an empty range occupies nothing
            if self._ends and start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def is_free(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps no busy range (touching is fine)."""
        # Merged ranges have sorted ends: the first one ending after `start` is the only
        # candidate for an overlap.
        i = bisect_right(self._ends, start)
        return i == len(self._starts) or self._starts[i] >= end


def _wall_to_us(day: date, minute: int, zone: ZoneInfo, *, latest: bool) -> int:
    """The instant the clock in `zone` shows `day` + `minute` (1440 = next midnight).

    As a range start (`latest=False`): the first instant showing that time or a later one.
    As a range end (`latest=True`): the end of the last stretch showing an earlier time.
    So an ambiguous (fall-back) time gives its first instant as a start and its second as
    an end, and a nonexistent (spring-forward) one gives the transition that skipped it.
    """
    local = datetime.combine(day, time(), zone) + timedelta(minutes=minute)  # wall arithmetic
    # fold=0 reads the offset in force before a transition, fold=1 the one after (PEP 495):
    # equal for an ordinary time, smaller-then-larger in a gap, larger-then-smaller in a fold.
    before, after = local.utcoffset(), local.replace(fold=1).utcoffset()
    if before is None or after is None or before == after:
        return _to_us(local)
    if before < after:
        return _transition_in_gap(local, zone)
    first, second = _to_us(local), _to_us(local.replace(fold=1))
    if not latest:
        return first
    # When the clock jumps back to exactly this time, it never runs up to it a second time:
    # an end there is reached only once, at its first instant.
    jumped_back = _offset_at(second - _US_PER_SECOND, zone) == before
    return first if jumped_back else second


def _transition_in_gap(local: datetime, zone: ZoneInfo) -> int:
    """The transition instant whose gap contains the nonexistent wall time `local`."""
    # In a gap, fold=1 maps with the offset after the transition (an instant before it) and
    # fold=0 with the offset before it (an instant at or after it); bisect between them.
    # Transitions fall on whole seconds. Rare path: a few lookups per gap.
    below = _to_us(local.replace(fold=1)) // _US_PER_SECOND
    above = -(-_to_us(local.replace(fold=0)) // _US_PER_SECOND)
    offset_below = _offset_at(below * _US_PER_SECOND, zone)
    while above - below > 1:
        middle = (below + above) // 2
        if _offset_at(middle * _US_PER_SECOND, zone) == offset_below:
            below = middle
        else:
            above = middle
    return above * _US_PER_SECOND


def _group_by_viewer_day(
    slots: list[Slot], first_day: date, last_day: date, viewer_zone: ZoneInfo
) -> list[DaySlots]:
    by_day: dict[date, list[Slot]] = {day: [] for day in _dates(first_day, last_day)}
    for slot in slots:
        day_slots = by_day.get(slot.start.astimezone(viewer_zone).date())
        if day_slots is not None:  # the margins reach beyond the viewer's days
            day_slots.append(slot)
    return [DaySlots(day, tuple(day_slots)) for day, day_slots in by_day.items()]


def _dates_around(lower: int, upper: int, zone: ZoneInfo) -> list[date]:
    """The expert-local dates whose ranges can hold instants in [lower, upper), with a day
    of margin either side: an expert's date spills into neighbouring UTC days."""
    return _dates(_local_date(lower, zone) - _ONE_DAY, _local_date(upper, zone) + _ONE_DAY)


def _dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _offset_at(instant: int, zone: ZoneInfo) -> timedelta | None:
    return _from_us(instant).astimezone(zone).utcoffset()


def _local_date(instant: int, zone: ZoneInfo) -> date:
    return _from_us(instant).astimezone(zone).date()


def _to_us(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected an aware datetime, got naive {moment.isoformat()}")
    return (moment - _EPOCH) // _MICROSECOND


def _from_us(instant: int) -> datetime:
    return _EPOCH + timedelta(microseconds=instant)
