import uuid
from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from expertbook.kit.i18n import Message
from expertbook.kit.schema import Schema

Url = Annotated[
    str, Field(min_length=8, max_length=2000, description="http(s) URL (webcal:// for feeds)")
]
Username = Annotated[str, Field(min_length=1, max_length=200)]
Password = Annotated[str, Field(min_length=1, max_length=500)]


class CalendarCreate(Schema):
    """A CalDAV account (its calendars are found from the principal at the URL, with the
    username and password) or a published iCalendar feed (read only, no password)."""

    kind: Literal["caldav", "ics"]
    url: Url
    username: Username | None = None
    password: Password | None = None

    @model_validator(mode="after")
    def _credentials_for_caldav(self) -> Self:
        given = self.username is not None or self.password is not None
        if self.kind == "caldav" and (self.username is None or self.password is None):
            raise ValueError(Message("A CalDAV calendar needs a username and a password."))
        if self.kind == "ics" and given:
            raise ValueError(Message("A calendar feed takes no username or password."))
        return self


class CalendarUpdate(Schema):
    busy_calendars: list[Annotated[str, Field(max_length=2000)]] | None = Field(
        default=None,
        max_length=100,
        description="URLs of the calendars whose events count as busy; the rest do not.",
    )
    write_calendar_url: str | None = Field(
        default=None,
        max_length=2000,
        description="The calendar bookings are written into; null for none (CalDAV only).",
    )
    username: Username | None = None
    password: Password | None = None

    @model_validator(mode="after")
    def _no_nulls(self) -> Self:
        nulls = [
            name
            for name in self.model_fields_set - {"write_calendar_url"}
            if getattr(self, name) is None
        ]
        if nulls:
            raise ValueError(
                Message("These fields cannot be empty: {fields}.", fields=", ".join(sorted(nulls)))
            )
        return self


class CalendarChoice(Schema):
    url: str
    name: str
    busy: bool = Field(description="Its events count as busy times.")
    write: bool = Field(description="Bookings are written into it.")


class CalendarRead(Schema):
    id: uuid.UUID
    kind: Literal["caldav", "ics"]
    url: str
    calendars: list[CalendarChoice]
    write_calendar_url: str | None
    syncing: bool = Field(description="A read the expert asked for has not ended yet.")
    last_synced_at: datetime | None = Field(description="The last successful read.")
    last_error: str | None = Field(description="Why the last read failed; null when it worked.")
    checked_at: datetime | None
    created_at: datetime


class BusyRead(Schema):
    start: datetime
    end: datetime
    connection_id: uuid.UUID
