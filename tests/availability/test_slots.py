"""The pure slot engine: named cases with exact instants, then properties over many zones.

The properties check the engine against a brute-force model of each zone's wall clock
(`WallClock`), read minute by minute from zoneinfo, that knows nothing of folds or gaps.
"""

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from expertbook.availability.slots import (
    DateOverride,
    DaySlots,
    Interval,
    Slot,
    SlotAnswer,
    SlotSettings,
    WeeklyRule,
    answer_slots,
    buffered_range,
    is_offered,
)

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
AUCKLAND = ZoneInfo("Pacific/Auckland")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
TOKYO = ZoneInfo("Asia/Tokyo")
MONDAY = 0
SUNDAY = 6
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
HALF_HOURS = SlotSettings(duration_minutes=30, interval_minutes=30, max_days_ahead=3650)


def hm(hours: int, minutes: int = 0) -> int:
    return hours * 60 + minutes


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def weekly(weekday: int, *ranges: tuple[int, int]) -> list[WeeklyRule]:
    return [WeeklyRule(weekday, Interval(a, b)) for a, b in ranges]


def run(
    rules: Sequence[WeeklyRule],
    first_day: date,
    last_day: date | None = None,
    *,
    zone: ZoneInfo = NEW_YORK,
    viewer: ZoneInfo | None = None,
    settings: SlotSettings = HALF_HOURS,
    overrides: Sequence[DateOverride] = (),
    busy: Sequence[tuple[datetime, datetime]] = (),
    now: datetime = LONG_AGO,
) -> list[DaySlots]:
    return answer_slots(
        rules=rules,
        overrides=overrides,
        expert_zone=zone,
        settings=settings,
        busy=busy,
        now=now,
        first_day=first_day,
        last_day=last_day or first_day,
        viewer_zone=viewer or zone,
    ).days


def starts(days: list[DaySlots]) -> list[datetime]:
    return [slot.start for day in days for slot in day.slots]


def slots_of(days: list[DaySlots]) -> list[Slot]:
    return [slot for day in days for slot in day.slots]


def walls(days: list[DaySlots], zone: ZoneInfo) -> list[str]:
    """Local wall times with their offsets, e.g. '01:30-0500'."""
    return [start.astimezone(zone).strftime("%H:%M%z") for start in starts(days)]


def every(first: datetime, count: int, minutes: int = 30) -> list[datetime]:
    return [first + timedelta(minutes=minutes * i) for i in range(count)]


class TestWeeklyExpansion:
    def test_weekly_hours_become_utc_slots(self) -> None:
        days = run(weekly(MONDAY, (hm(9), hm(11))), date(2026, 1, 12))

        assert starts(days) == every(utc(2026, 1, 12, 14), 4)
        assert all(s.end - s.start == timedelta(minutes=30) for d in days for s in d.slots)
        assert all(s.start.tzinfo is UTC and s.end.tzinfo is UTC for d in days for s in d.slots)

    def test_every_requested_day_is_returned_in_order_even_when_empty(self) -> None:
        days = run(weekly(MONDAY, (hm(9), hm(11))), date(2026, 1, 12), date(2026, 1, 14))

        assert [d.day for d in days] == [date(2026, 1, 12), date(2026, 1, 13), date(2026, 1, 14)]
        assert [len(d.slots) for d in days] == [4, 0, 0]

    def test_overlapping_intervals_yield_each_instant_once(self) -> None:
        rules = weekly(MONDAY, (hm(9), hm(11)), (hm(10), hm(12)), (hm(9), hm(11)))

        assert starts(run(rules, date(2026, 1, 12))) == every(utc(2026, 1, 12, 14), 6)

    def test_each_interval_has_its_own_grid(self) -> None:
        rules = weekly(MONDAY, (hm(9), hm(10)), (hm(9, 15), hm(10)))

        assert walls(run(rules, date(2026, 1, 12)), NEW_YORK) == [
            "09:00-0500",
            "09:15-0500",
            "09:30-0500",
        ]

    def test_interval_ending_at_midnight_offers_the_last_hour(self) -> None:
        settings = SlotSettings(duration_minutes=60, interval_minutes=30)
        days = run(weekly(MONDAY, (hm(22), 1440)), date(2026, 1, 12), settings=settings)

        assert starts(days) == every(utc(2026, 1, 13, 3), 3)

    def test_day_off_override_removes_the_weekly_hours(self) -> None:
        rules = weekly(MONDAY, (hm(9), hm(11)))
        day_off = [DateOverride(date(2026, 1, 12), ())]
        days = run(rules, date(2026, 1, 12), date(2026, 1, 19), overrides=day_off)

        assert days[0].slots == ()
        assert starts([days[-1]]) == every(utc(2026, 1, 19, 14), 4)

    def test_custom_hours_override_replaces_the_weekday_rules(self) -> None:
        rules = weekly(MONDAY, (hm(9), hm(11)))
        custom = [
            DateOverride(date(2026, 1, 12), (Interval(hm(14), hm(15)),)),
            DateOverride(date(2026, 1, 13), (Interval(hm(8), hm(9)),)),  # a Tuesday: no rules
        ]
        days = run(rules, date(2026, 1, 12), date(2026, 1, 13), overrides=custom)

        assert starts(days) == [*every(utc(2026, 1, 12, 19), 2), *every(utc(2026, 1, 13, 13), 2)]

    def test_expert_morning_lands_on_the_viewers_previous_date(self) -> None:
        # Tuesday 09:00 in Auckland (+12) is Monday 14:00 in Los Angeles (-07).
        rules = weekly(1, (hm(9), hm(11)))
        days = run(rules, date(2026, 6, 15), date(2026, 6, 16), zone=AUCKLAND, viewer=LOS_ANGELES)

        assert days[0].day == date(2026, 6, 15)
        assert starts([days[0]]) == every(utc(2026, 6, 15, 21), 4)
        assert walls([days[0]], LOS_ANGELES) == [
            "14:00-0700",
            "14:30-0700",
            "15:00-0700",
            "15:30-0700",
        ]
        assert days[1].slots == ()

    def test_viewer_midnight_splits_an_expert_interval(self) -> None:
        # New York 18:00-21:00 (EST) is 23:00-02:00 in London: two viewer dates.
        rules = weekly(MONDAY, (hm(18), hm(21)))
        london = ZoneInfo("Europe/London")
        days = run(rules, date(2026, 1, 12), date(2026, 1, 13), viewer=london)

        assert [len(d.slots) for d in days] == [2, 4]
        assert starts(days) == every(utc(2026, 1, 12, 23), 6)

    def test_invalid_values_are_refused(self) -> None:
        with pytest.raises(ValueError):
            Interval(hm(10), hm(10))
        with pytest.raises(ValueError):
            Interval(0, 1441)
        with pytest.raises(ValueError):
            WeeklyRule(7, Interval(0, 60))
        with pytest.raises(ValueError):
            SlotSettings(duration_minutes=0, interval_minutes=15)
        with pytest.raises(ValueError):
            SlotSettings(duration_minutes=30, interval_minutes=15, buffer_after_minutes=-5)
        with pytest.raises(ValueError, match="aware"):
            run(weekly(MONDAY, (hm(9), hm(11))), date(2026, 1, 12), now=datetime(2026, 1, 1))


class TestDaylightSaving:
    @pytest.mark.parametrize(
        ("zone", "day", "first_utc"),
        [
            pytest.param(NEW_YORK, date(2026, 3, 8), utc(2026, 3, 8, 17), id="new-york-spring"),
            pytest.param(NEW_YORK, date(2026, 11, 1), utc(2026, 11, 1, 18), id="new-york-fall"),
            pytest.param(BERLIN, date(2026, 3, 29), utc(2026, 3, 29, 11), id="berlin-spring"),
            pytest.param(BERLIN, date(2026, 10, 25), utc(2026, 10, 25, 12), id="berlin-fall"),
            pytest.param(LORD_HOWE, date(2026, 10, 4), utc(2026, 10, 4, 2), id="lord-howe-spring"),
            pytest.param(LORD_HOWE, date(2026, 4, 5), utc(2026, 4, 5, 2, 30), id="lord-howe-fall"),
        ],
    )
    def test_afternoon_hours_keep_their_wall_times_on_transition_days(
        self, zone: ZoneInfo, day: date, first_utc: datetime
    ) -> None:
        days = run(weekly(SUNDAY, (hm(13), hm(17))), day, zone=zone)

        assert starts(days) == every(first_utc, 8)
        local = [s.astimezone(zone).strftime("%H:%M") for s in starts(days)]
        assert local == ["13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]

    def test_spring_forward_gap_is_never_offered(self) -> None:
        days = run(weekly(SUNDAY, (hm(1), hm(5))), date(2026, 3, 8))

        assert starts(days) == every(utc(2026, 3, 8, 6), 6)
        assert walls(days, NEW_YORK) == [
            "01:00-0500",
            "01:30-0500",
            "03:00-0400",
            "03:30-0400",
            "04:00-0400",
            "04:30-0400",
        ]

    def test_range_starting_in_the_gap_starts_at_the_transition(self) -> None:
        days = run(weekly(SUNDAY, (hm(2, 30), hm(4))), date(2026, 3, 8))

        assert starts(days) == every(utc(2026, 3, 8, 7), 2)

    def test_range_ending_in_the_gap_ends_at_the_transition(self) -> None:
        days = run(weekly(SUNDAY, (0, hm(2, 30))), date(2026, 3, 8))

        assert starts(days) == every(utc(2026, 3, 8, 5), 4)
        assert days[0].slots[-1].end == utc(2026, 3, 8, 7)

    def test_fall_back_offers_both_real_instants_of_the_repeated_hour(self) -> None:
        hourly = SlotSettings(duration_minutes=60, interval_minutes=60, max_days_ahead=3650)
        days = run(weekly(SUNDAY, (0, hm(4))), date(2026, 11, 1), settings=hourly)

        assert starts(days) == every(utc(2026, 11, 1, 4), 5, minutes=60)
        assert walls(days, NEW_YORK) == [
            "00:00-0400",
            "01:00-0400",
            "01:00-0500",
            "02:00-0500",
            "03:00-0500",
        ]

    def test_ambiguous_end_is_its_latest_instant(self) -> None:
        days = run(weekly(SUNDAY, (0, hm(1, 30))), date(2026, 11, 1))

        assert starts(days) == every(utc(2026, 11, 1, 4), 5)
        assert days[0].slots[-1].end == utc(2026, 11, 1, 6, 30)  # 01:30 EST

    def test_end_the_clock_only_jumps_back_to_is_reached_once(self) -> None:
        # Until 01:00 ends at the first 01:00: 01:00-01:59 EDT are later wall times.
        days = run(weekly(SUNDAY, (0, hm(1))), date(2026, 11, 1))

        assert starts(days) == every(utc(2026, 11, 1, 4), 2)
        assert days[0].slots[-1].end == utc(2026, 11, 1, 5)

    def test_lord_howe_half_hour_spring_forward(self) -> None:
        days = run(weekly(SUNDAY, (hm(1), hm(4))), date(2026, 10, 4), zone=LORD_HOWE)

        assert starts(days) == every(utc(2026, 10, 3, 14, 30), 5)
        assert walls(days, LORD_HOWE) == [
            "01:00+1030",
            "01:30+1030",
            "02:30+1100",
            "03:00+1100",
            "03:30+1100",
        ]

    def test_lord_howe_half_hour_fall_back(self) -> None:
        days = run(weekly(SUNDAY, (hm(1), hm(3))), date(2026, 4, 5), zone=LORD_HOWE)

        assert starts(days) == every(utc(2026, 4, 4, 14), 5)
        assert walls(days, LORD_HOWE) == [
            "01:00+1100",
            "01:30+1100",
            "01:30+1030",
            "02:00+1030",
            "02:30+1030",
        ]


class TestNoticeAndWindow:
    def test_min_notice_counts_real_time_across_spring_forward(self) -> None:
        # 01:30 EST + 3 h is 05:30 EDT, not the 04:30 a wall-clock sum would give.
        settings = SlotSettings(30, 30, min_notice_minutes=180)
        now = utc(2026, 3, 8, 6, 30)
        days = run(weekly(SUNDAY, (0, hm(12))), date(2026, 3, 8), settings=settings, now=now)

        assert starts(days)[0] == utc(2026, 3, 8, 9, 30)
        assert walls(days, NEW_YORK)[0] == "05:30-0400"

    def test_min_notice_counts_real_time_across_fall_back(self) -> None:
        # 01:30 CEST + 2 h is 02:30 CET (the second 02:30), not 03:30.
        settings = SlotSettings(30, 30, min_notice_minutes=120)
        now = utc(2026, 10, 24, 23, 30)
        days = run(
            weekly(SUNDAY, (0, hm(6))), date(2026, 10, 25), zone=BERLIN, settings=settings, now=now
        )

        assert starts(days)[0] == utc(2026, 10, 25, 1, 30)
        assert walls(days, BERLIN)[0] == "02:30+0100"

    def test_past_slots_are_not_offered_and_now_itself_is(self) -> None:
        days = run(weekly(MONDAY, (hm(9), hm(11))), date(2026, 1, 12), now=utc(2026, 1, 12, 15))

        assert starts(days) == every(utc(2026, 1, 12, 15), 2)

    def test_booking_window_ends_exactly_max_days_ahead(self) -> None:
        settings = SlotSettings(30, 30, max_days_ahead=1)
        every_day = [WeeklyRule(d, Interval(hm(9), hm(11))) for d in range(7)]
        now = utc(2026, 1, 12, 14, 30)
        days = run(every_day, date(2026, 1, 12), date(2026, 1, 14), settings=settings, now=now)

        assert [starts([d]) for d in days] == [
            every(utc(2026, 1, 12, 14, 30), 3),
            [utc(2026, 1, 13, 14)],  # 14:30 is exactly now + 1 day: outside
            [],
        ]

    def test_days_beyond_the_window_are_empty(self) -> None:
        settings = SlotSettings(30, 30, max_days_ahead=5)
        days = run(weekly(MONDAY, (hm(9), hm(11))), date(2027, 1, 4), settings=settings)

        assert days == [DaySlots(date(2027, 1, 4), ())]


class TestBuffersAndBusy:
    MORNING = weekly(MONDAY, (hm(9), hm(12)))
    DAY = date(2026, 1, 12)

    def local(self, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.DAY, time(hour, minute), NEW_YORK)

    def test_adjacent_bookings_are_both_possible(self) -> None:
        busy = [(self.local(10), self.local(10, 30))]
        days = run(self.MORNING, self.DAY, busy=busy)

        assert walls(days, NEW_YORK) == [
            f"{h}-0500" for h in ("09:00", "09:30", "10:30", "11:00", "11:30")
        ]

    def test_buffers_block_the_neighbouring_slots(self) -> None:
        settings = SlotSettings(30, 30, buffer_before_minutes=10, buffer_after_minutes=10)
        busy = [buffered_range(self.local(10), self.local(10, 30), settings)]
        days = run(self.MORNING, self.DAY, settings=settings, busy=busy)

        assert walls(days, NEW_YORK) == ["09:00-0500", "11:00-0500", "11:30-0500"]

    def test_buffers_that_only_touch_a_booking_are_fine(self) -> None:
        settings = SlotSettings(30, 30, buffer_before_minutes=15, buffer_after_minutes=15)
        busy = [buffered_range(self.local(10, 30), self.local(11), settings)]
        days = run(self.MORNING, self.DAY, settings=settings, busy=busy)

        # 09:30 occupies 09:15-10:15 and 11:30 11:15-12:15: both touch the busy 10:15-11:15.
        assert walls(days, NEW_YORK) == ["09:00-0500", "09:30-0500", "11:30-0500"]

    def test_busy_ranges_in_any_zone_order_and_overlap(self) -> None:
        busy = [
            (self.local(11, 20).astimezone(TOKYO), self.local(11, 30).astimezone(TOKYO)),
            (self.local(9, 10).astimezone(BERLIN), self.local(9, 20).astimezone(BERLIN)),
            (self.local(9, 15), self.local(9, 45)),
            (self.local(10, 15), self.local(10, 15)),  # empty: occupies nothing
        ]
        days = run(self.MORNING, self.DAY, busy=busy)

        assert walls(days, NEW_YORK) == ["10:00-0500", "10:30-0500", "11:30-0500"]

    def test_buffered_range_widens_both_ends(self) -> None:
        settings = SlotSettings(30, 30, buffer_before_minutes=5, buffer_after_minutes=20)

        assert buffered_range(utc(2026, 1, 12, 10), utc(2026, 1, 12, 10, 30), settings) == (
            utc(2026, 1, 12, 9, 55),
            utc(2026, 1, 12, 10, 50),
        )


class TestIsOffered:
    RULES = weekly(MONDAY, (hm(9), hm(12)))

    def check(self, start: datetime, busy: Sequence[tuple[datetime, datetime]] = ()) -> Slot | None:
        return is_offered(
            rules=self.RULES,
            overrides=(),
            expert_zone=NEW_YORK,
            settings=HALF_HOURS,
            busy=busy,
            now=LONG_AGO,
            start=start,
        )

    def test_offered_start_in_any_zone_gives_the_utc_slot(self) -> None:
        slot = self.check(datetime(2026, 1, 12, 15, 30, tzinfo=BERLIN))

        assert slot == Slot(utc(2026, 1, 12, 14, 30), utc(2026, 1, 12, 15))

    def test_off_grid_outside_hours_and_booked_starts_are_refused(self) -> None:
        assert self.check(utc(2026, 1, 12, 14, 10)) is None
        assert self.check(utc(2026, 1, 12, 14, 0, 1)) is None
        assert self.check(utc(2026, 1, 12, 13, 30)) is None
        assert self.check(utc(2026, 1, 12, 17)) is None  # 12:00 would end after the hours
        booked = [(utc(2026, 1, 12, 14, 30), utc(2026, 1, 12, 15))]
        assert self.check(utc(2026, 1, 12, 14, 30), booked) is None

    def test_naive_start_is_refused(self) -> None:
        with pytest.raises(ValueError, match="aware"):
            self.check(datetime(2026, 1, 12, 14))


# --- Properties ------------------------------------------------------------------------

ZONES = [
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/Havana",
    "America/Asuncion",
    "America/Nuuk",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Dublin",
    "Europe/Moscow",
    "Africa/Casablanca",
    "Africa/Cairo",
    "Asia/Beirut",
    "Asia/Tehran",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Pacific/Marquesas",
]
_EPOCH_DAY = date(1970, 1, 1)
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Transition:
    """A UTC offset change: the local date it happens on and wall minutes worth aiming at."""

    day: date
    marks: tuple[int, ...]  # minutes from that date's midnight around the clock's jump


def _transitions(name: str) -> list[Transition]:
    """The zone's offset changes in 2026-2028, found by scanning zoneinfo (not assumed)."""
    zone, found = ZoneInfo(name), []
    moment, step = utc(2026, 1, 1), timedelta(hours=6)

    def offset(instant: datetime) -> timedelta:
        return instant.astimezone(zone).utcoffset() or timedelta(0)

    while moment < utc(2029, 1, 1):
        later = moment + step
        if offset(moment) != offset(later):
            low, high = 0, 6 * 60  # minutes after `moment`; the change is in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                if offset(moment + middle * _MINUTE) == offset(moment):
                    low = middle
                else:
                    high = middle
            change = moment + high * _MINUTE
            after = change.astimezone(zone).replace(tzinfo=None)  # the wall time it jumps to
            before = after + offset(moment) - offset(later)  # the one it jumps from
            midnight = datetime.combine(after.date(), time())
            marks = {
                (wall - midnight) // _MINUTE + shift
                for wall in (before, after)
                for shift in (-60, -30, -15, 0, 15, 30, 60)
            }
            found.append(
                Transition(after.date(), tuple(sorted(m for m in marks if 0 <= m <= 1440)))
            )
        moment = later
    return found


TRANSITIONS = {name: _transitions(name) for name in ZONES}


class WallClock:
    """A zone's wall clock read minute by minute over [first, first + days): the test oracle.

    `reached[i]` is the latest wall time shown up to minute i and `remaining[i]` the
    earliest shown from minute i on; both never decrease, so bisecting them finds the first
    instant the clock shows a time or a later one, and the end of the last minute it shows
    an earlier one, with no notion of folds or gaps. Wall times are minutes since
    1970-01-01 on the local calendar.
    """

    def __init__(self, zone: ZoneInfo, first: date, days: int) -> None:
        self.first_minute = (first - _EPOCH_DAY).days * 1440
        origin = datetime.combine(first, time(), UTC)
        hours = days * 24

        def offset(minute: int) -> int:
            shift = (origin + timedelta(minutes=minute)).astimezone(zone).utcoffset()
            assert shift is not None and shift % _MINUTE == timedelta(0)
            return shift // _MINUTE

        # Read every hour, and every minute of an hour whose two ends disagree (no zone
        # changes its offset twice within an hour).
        hourly = [offset(h * 60) for h in range(hours + 1)]
        shown: list[int] = []
        for h in range(hours):
            base = self.first_minute + h * 60
            if hourly[h] == hourly[h + 1]:
                shown.extend(range(base + hourly[h], base + hourly[h] + 60))
            else:
                shown.extend(base + m + offset(h * 60 + m) for m in range(60))
        self.reached = list(accumulate(shown, max))
        self.remaining = list(accumulate(reversed(shown), min))[::-1]

    def span(self, day: date, interval: Interval) -> tuple[datetime, datetime]:
        """The real range of `interval` on local date `day`, read off the clock."""
        base = (day - _EPOCH_DAY).days * 1440
        first = bisect_left(self.reached, base + interval.start_minute)
        after_last = bisect_left(self.remaining, base + interval.end_minute)
        assert 0 < first < len(self.reached) and 0 < after_last < len(self.remaining)
        return self._instant(first), self._instant(after_last)

    def _instant(self, index: int) -> datetime:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(minutes=self.first_minute + index)


@lru_cache(maxsize=512)
def wall_clock(zone_name: str, day: date) -> WallClock:
    return WallClock(ZoneInfo(zone_name), day - timedelta(days=4), 9)


@dataclass(frozen=True)
class Scenario:
    zone_name: str
    viewer_name: str
    day: date
    rules: tuple[WeeklyRule, ...]
    overrides: tuple[DateOverride, ...]
    settings: SlotSettings
    busy: tuple[tuple[datetime, datetime], ...]
    now: datetime

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone_name)

    @property
    def viewer(self) -> ZoneInfo:
        return ZoneInfo(self.viewer_name)

    def compute(self, viewer: ZoneInfo | None = None, margin_days: int = 0) -> list[DaySlots]:
        """Slots for `day`, give or take `margin_days`, as dates in the viewer's zone."""
        return self.answer(self.now, margin_days, viewer).days

    def answer(
        self, now: datetime, margin_days: int = 1, viewer: ZoneInfo | None = None
    ) -> SlotAnswer:
        margin = timedelta(days=margin_days)
        return answer_slots(
            rules=self.rules,
            overrides=self.overrides,
            expert_zone=self.zone,
            settings=self.settings,
            busy=self.busy,
            now=now,
            first_day=self.day - margin,
            last_day=self.day + margin,
            viewer_zone=viewer or self.viewer,
        )

    def offered(self, start: datetime) -> Slot | None:
        return is_offered(
            rules=self.rules,
            overrides=self.overrides,
            expert_zone=self.zone,
            settings=self.settings,
            busy=self.busy,
            now=self.now,
            start=start,
        )

    def intervals_on(self, day: date) -> list[Interval]:
        overriding = [o for o in self.overrides if o.day == day]
        if overriding:
            return [i for o in overriding for i in o.intervals]
        return [r.interval for r in self.rules if r.weekday == day.weekday()]

    def spans(self) -> list[tuple[datetime, datetime]]:
        """Availability as real instants per the oracle, for expert dates around `day`."""
        clock = wall_clock(self.zone_name, self.day)
        dates = [self.day + timedelta(days=d) for d in range(-3, 4)]
        return [clock.span(d, i) for d in dates for i in self.intervals_on(d)]

    def occupies_busy_time(self, start: datetime, end: datetime) -> bool:
        low, high = buffered_range(start, end, self.settings)
        return any(low < b_end and b_start < high for b_start, b_end in self.busy)

    def bookable(self, start: datetime) -> bool:
        notice = timedelta(minutes=self.settings.min_notice_minutes)
        window = timedelta(days=self.settings.max_days_ahead)
        return self.now + notice <= start < self.now + window

    def reference(self) -> tuple[set[datetime], set[datetime]]:
        """Brute force: (offered starts, grid starts refused) over the oracle's spans."""
        duration = timedelta(minutes=self.settings.duration_minutes)
        step = timedelta(minutes=self.settings.interval_minutes)
        grid: set[datetime] = set()
        for first, last in self.spans():
            start = first
            while start + duration <= last:
                grid.add(start)
                start += step
        offered = {
            s for s in grid if self.bookable(s) and not self.occupies_busy_time(s, s + duration)
        }
        return offered, grid - offered


def intervals(marks: Sequence[int] = ()) -> st.SearchStrategy[Interval]:
    """Intervals on quarter hours or any minute, often at `marks` (a DST jump's wall times)."""
    minutes = st.integers(0, 96).map(lambda q: q * 15) | st.integers(0, 1440)
    if marks:
        minutes = st.sampled_from(marks) | st.sampled_from(marks) | minutes
    pair = st.lists(minutes, min_size=2, max_size=2, unique=True).map(sorted)
    return pair.map(lambda p: Interval(p[0], p[1]))


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    zone_name = draw(st.sampled_from(ZONES))
    transitions = TRANSITIONS[zone_name]
    on_transition = draw(st.integers(0, 2)) > 0  # mostly a DST day
    if transitions and on_transition:
        transition = draw(st.sampled_from(transitions))
        day, marks = transition.day, transition.marks
    else:
        day, marks = draw(st.dates(date(2026, 1, 5), date(2028, 12, 25))), ()
    rules = tuple(
        WeeklyRule(weekday, interval)
        for weekday in range(7)
        for interval in draw(st.lists(intervals(marks), min_size=1, max_size=3))
    )
    override_days = st.integers(-2, 2).map(lambda d: day + timedelta(days=d))
    override_hours = st.lists(intervals(marks), max_size=2).map(tuple)  # () = a day off
    overrides = tuple(
        draw(st.lists(st.builds(DateOverride, override_days, override_hours), max_size=2))
    )
    settings = SlotSettings(
        duration_minutes=draw(st.sampled_from([5, 15, 20, 30, 45, 60, 90, 120])),
        interval_minutes=draw(st.sampled_from([5, 10, 15, 20, 30, 60])),
        buffer_before_minutes=draw(st.sampled_from([0, 0, 5, 10, 15, 30])),
        buffer_after_minutes=draw(st.sampled_from([0, 0, 5, 10, 15, 30])),
        min_notice_minutes=draw(st.sampled_from([0, 0, 60, 240]) | st.integers(0, 48 * 60)),
        max_days_ahead=draw(st.sampled_from([0, 1, 2]) | st.integers(3, 8)),
    )
    # Five-minute steps make bookings, notice and window edges land exactly on slot starts.
    midnight = datetime.combine(day, time(), UTC)
    now = midnight + timedelta(
        minutes=5 * draw(st.integers(-2 * 288, 144)),
        microseconds=draw(st.just(0) | st.integers(1, 299_999_999)),
    )
    busy = []
    for _ in range(draw(st.integers(0, 10))):
        start = midnight + timedelta(minutes=5 * draw(st.integers(-2 * 288, 3 * 288)))
        end = start + timedelta(minutes=5 * draw(st.integers(1, 60)))
        shown_in = ZoneInfo(draw(st.sampled_from(ZONES)))
        busy.append((start.astimezone(shown_in), end.astimezone(shown_in)))
    return Scenario(
        zone_name=zone_name,
        viewer_name=draw(st.sampled_from(ZONES)),
        day=day,
        rules=rules,
        overrides=overrides,
        settings=settings,
        busy=tuple(busy),
        now=now,
    )


@st.composite
def dst_scenarios(draw: st.DrawFn) -> Scenario:
    """Free days whose hours start and end right at a DST jump's wall times."""
    zone_name = draw(st.sampled_from([name for name in ZONES if TRANSITIONS[name]]))
    transition = draw(st.sampled_from(TRANSITIONS[zone_name]))
    marks = st.sampled_from((0, *transition.marks, 1440))
    hours = st.lists(marks, min_size=2, max_size=2, unique=True).map(sorted)
    ranges = draw(st.lists(hours, min_size=1, max_size=3))
    return Scenario(
        zone_name=zone_name,
        viewer_name=draw(st.sampled_from(ZONES)),
        day=transition.day,
        rules=tuple(WeeklyRule(d, Interval(a, b)) for d in range(7) for a, b in ranges),
        overrides=(),
        settings=SlotSettings(
            duration_minutes=draw(st.sampled_from([5, 15, 30, 60])),
            interval_minutes=draw(st.sampled_from([5, 15, 30])),
            max_days_ahead=8,
        ),
        busy=(),
        now=datetime.combine(transition.day - timedelta(days=3), time(), UTC),
    )


property_settings = hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


class TestProperties:
    @property_settings
    @given(scenarios() | dst_scenarios())
    def test_slots_lie_inside_availability(self, scenario: Scenario) -> None:
        spans = scenario.spans()
        for slot in slots_of(scenario.compute()):
            assert any(first <= slot.start and slot.end <= last for first, last in spans), slot

    @property_settings
    @given(scenarios())
    def test_slots_last_exactly_the_duration_in_utc_and_sorted(self, scenario: Scenario) -> None:
        days = scenario.compute(margin_days=1)
        duration = timedelta(minutes=scenario.settings.duration_minutes)
        assert [d.day for d in days] == [scenario.day + timedelta(days=i) for i in (-1, 0, 1)]
        for day in days:
            assert [s.start for s in day.slots] == sorted(s.start for s in day.slots)
            for slot in day.slots:
                assert slot.start.tzinfo is UTC and slot.end.tzinfo is UTC
                assert slot.end - slot.start == duration
                assert slot.start.astimezone(scenario.viewer).date() == day.day

    @property_settings
    @given(scenarios())
    def test_no_buffered_slot_overlaps_a_busy_range(self, scenario: Scenario) -> None:
        for slot in slots_of(scenario.compute(margin_days=1)):
            assert not scenario.occupies_busy_time(slot.start, slot.end), slot

    @property_settings
    @given(scenarios())
    def test_no_two_slots_share_an_instant(self, scenario: Scenario) -> None:
        found = starts(scenario.compute(margin_days=1))
        assert len(found) == len(set(found))

    @property_settings
    @given(scenarios())
    def test_notice_and_booking_window_are_respected(self, scenario: Scenario) -> None:
        for start in starts(scenario.compute(margin_days=1)):
            assert scenario.bookable(start), start

    @property_settings
    @given(scenarios(), st.sampled_from(ZONES))
    def test_viewer_zone_changes_only_presentation(
        self, scenario: Scenario, other_viewer: str
    ) -> None:
        low = datetime.combine(scenario.day - timedelta(days=1), time(), UTC)
        high = low + timedelta(days=3)  # both wide requests cover this UTC window

        def inside(days: list[DaySlots]) -> set[datetime]:
            return {s for s in starts(days) if low <= s < high}

        seen_here = inside(scenario.compute(margin_days=3))
        seen_there = inside(scenario.compute(ZoneInfo(other_viewer), margin_days=3))
        assert seen_here == seen_there

    @hypothesis_settings(property_settings, max_examples=150)
    @given(scenarios() | dst_scenarios())
    def test_matches_the_brute_force_reference(self, scenario: Scenario) -> None:
        days = scenario.compute(margin_days=1)
        expected, _ = scenario.reference()
        requested = {d.day for d in days}
        assert set(starts(days)) == {
            s for s in expected if s.astimezone(scenario.viewer).date() in requested
        }

    @property_settings
    @given(scenarios(), st.data())
    def test_is_offered_agrees_with_answer_slots(
        self, scenario: Scenario, data: st.DataObject
    ) -> None:
        days = scenario.compute(margin_days=1)
        offered = {slot.start: slot for slot in slots_of(days)}
        for slot in offered.values():
            assert scenario.offered(slot.start) == slot
            assert scenario.offered(slot.start.astimezone(scenario.viewer)) == slot

        _, refused = scenario.reference()
        nudged = {s + timedelta(minutes=m) for s in offered for m in (-1, 1, 7)}
        probes = sorted(refused | nudged)
        if probes:
            probes = data.draw(st.lists(st.sampled_from(probes), max_size=12, unique=True))
        covered = {d.day for d in days}
        for probe in probes:
            if probe.astimezone(scenario.viewer).date() in covered:
                expected = offered.get(probe)
                assert scenario.offered(probe) == expected, probe


class TestValidUntil:
    """`valid_until` is exact: the answer holds at every instant before it and changes at it."""

    @hypothesis_settings(property_settings, max_examples=150)
    @given(scenarios() | dst_scenarios(), st.data())
    def test_the_answer_holds_until_valid_until_and_changes_there(
        self, scenario: Scenario, data: st.DataObject
    ) -> None:
        first = scenario.answer(scenario.now)
        assert first.days == scenario.compute(margin_days=1)
        until = first.valid_until
        horizon = until or scenario.now + timedelta(days=12)
        assert horizon > scenario.now
        span_us = (horizon - scenario.now) // timedelta(microseconds=1)
        offsets = data.draw(st.lists(st.integers(0, span_us - 1), max_size=5))
        for offset in [0, span_us - 1, *offsets]:
            later = scenario.now + timedelta(microseconds=offset)
            assert scenario.answer(later).days == first.days, later
        if until is not None:
            assert scenario.answer(until).days != first.days

    def test_an_answer_with_no_slots_inside_the_window_never_expires(self) -> None:
        scenario = Scenario(
            zone_name="Europe/Berlin",
            viewer_name="Europe/Berlin",
            day=date(2027, 6, 9),
            rules=(),
            overrides=(),
            settings=HALF_HOURS,
            busy=(),
            now=utc(2027, 6, 1),
        )
        assert scenario.answer(scenario.now).valid_until is None

    def test_the_booking_window_letting_a_slot_in_ends_the_answer(self) -> None:
        settings = SlotSettings(duration_minutes=30, interval_minutes=30, max_days_ahead=2)
        scenario = Scenario(
            zone_name="UTC",
            viewer_name="UTC",
            day=date(2027, 6, 3),
            rules=tuple(weekly(d, (hm(9), hm(10)))[0] for d in range(7)),
            overrides=(),
            settings=settings,
            busy=(),
            now=utc(2027, 6, 1, 9, 30),
        )
        answer = scenario.answer(scenario.now, margin_days=0)
        # 9:00 and 9:30 on 3 June come into the two-day window just after 9:00 on 1 June,
        # 9:30 just after 9:30: the first is already in, so the next changes the answer.
        assert starts(answer.days) == [utc(2027, 6, 3, 9)]
        assert answer.valid_until == utc(2027, 6, 1, 9, 30) + timedelta(microseconds=1)
