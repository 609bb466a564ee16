"""Time helpers: UTC in storage, zones validated with zoneinfo."""

from datetime import UTC, date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator
from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from expertbook.kit.i18n import Message


def utcnow() -> datetime:
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; ValueError for anything else."""
    if not name or name != name.strip() or name not in _known_zones():
        raise ValueError(
            Message(
                "“{name}” is not a time zone we know. Use a name such as Europe/Berlin.", name=name
            )
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - guarded above
        raise ValueError(Message("“{name}” is not a time zone we know.", name=name)) from exc


_ZONES: frozenset[str] | None = None
# Files of the system's zone database that are no time zone a person means.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


def _known_zones() -> frozenset[str]:
    # Checked against the list, so paths like "../etc" never reach the file system.
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones()) - _NOT_ZONES
    return _ZONES


def _validate_zone(name: str) -> str:
    zone(name)
    return name


TimeZoneName = Annotated[str, AfterValidator(_validate_zone)]


# The instants the API accepts: far wider than any booking window, and far enough from
# datetime's limits (years 1 and 9999) that zone offsets and day margins never overflow.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
_TIME_OUT_OF_RANGE = Message("The time must lie between 1970 and 9000.")
_DATE_OUT_OF_RANGE = Message("The date must lie between 1970 and 9000.")


def _require_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            Message("The time needs an offset, for example 2026-12-01T10:00:00+01:00.")
        )
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise ValueError(_TIME_OUT_OF_RANGE) from None
    if not EARLIEST <= value < LATEST:
        raise ValueError(_TIME_OUT_OF_RANGE)
    return value


def _require_supported_day(value: date) -> date:
    if not EARLIEST.date() <= value < LATEST.date():
        raise ValueError(_DATE_OUT_OF_RANGE)
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_require_aware)]
SupportedDate = Annotated[date, AfterValidator(_require_supported_day)]


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database (SQLite keeps naive text, so attach UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
