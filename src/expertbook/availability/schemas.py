import re
from datetime import date, datetime
from itertools import pairwise
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from expertbook.kit.i18n import Message
from expertbook.kit.schema import Schema
from expertbook.kit.time import TimeZoneName

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")


def _validate_clock(value: str) -> str:
    if not _CLOCK.fullmatch(value):
        raise ValueError(
            Message("Use HH:MM on a 24-hour clock, for example 09:00 (24:00 ends the day).")
        )
    return value


Clock = Annotated[str, AfterValidator(_validate_clock)]


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def _check_no_overlaps(ranges: list[tuple[int, int]], where: str) -> None:
    ordered = sorted(ranges)
    for (_, previous_end), (start, _) in pairwise(ordered):
        if start < previous_end:
            raise ValueError(
                Message("The time ranges on {day} overlap. Please separate them.", day=where)
            )


class TimeRange(Schema):
    start: Clock
    end: Clock

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if minutes(self.end) <= minutes(self.start) or self.start == "24:00":
            raise ValueError(
                Message(
                    "In {start}–{end}, the end must come after the start.",
                    start=self.start,
                    end=self.end,
                )
            )
        return self


class WeeklyRange(TimeRange):
    weekday: Annotated[int, Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")]


class DateOverride(Schema):
    date: date
    intervals: Annotated[list[TimeRange], Field(max_length=24)] = Field(
        description="Empty = the day off; otherwise these hours replace the weekday's."
    )

    @model_validator(mode="after")
    def _no_overlaps(self) -> Self:
        ranges = [(minutes(r.start), minutes(r.end)) for r in self.intervals]
        _check_no_overlaps(ranges, self.date.isoformat())
        return self


# Weekday names for messages, translated with them.
WEEKDAYS = (
    Message("Monday"), Message("Tuesday"), Message("Wednesday"), Message("Thursday"),
    Message("Friday"), Message("Saturday"), Message("Sunday"),
)  # fmt: skip


class Availability(Schema):
    timezone: TimeZoneName
    weekly: Annotated[list[WeeklyRange], Field(max_length=7 * 24)]
    overrides: Annotated[list[DateOverride], Field(max_length=732)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        for weekday, name in enumerate(WEEKDAYS):
            ranges = [
                (minutes(r.start), minutes(r.end)) for r in self.weekly if r.weekday == weekday
            ]
            _check_no_overlaps(ranges, name)
        dates = [override.date for override in self.overrides]
        if len(dates) != len(set(dates)):
            raise ValueError(Message("Each date can have one override only."))
        return self


class Slot(Schema):
    start: datetime
    end: datetime
    seats_left: int | None = Field(
        default=None, description="A group session's free seats; absent for one-to-one"
    )


class SlotDay(Schema):
    date: date
    slots: list[Slot]
    taken: list[Slot] | None = Field(
        default=None, description="With taken=true: the taken times, to join the waitlist of"
    )


class SlotsResponse(Schema):
    timezone: str
    days: list[SlotDay]
