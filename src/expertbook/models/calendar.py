import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from expertbook.kit.time import UTCDateTime, utcnow
from expertbook.models.base import Base, IdMixin, TimestampMixin


class CalendarKind(StrEnum):
    CALDAV = "caldav"  # read and written: a server's calendars, found from its principal
    ICS = "ics"  # read only: one published iCalendar feed


class CalendarConnection(IdMixin, TimestampMixin, Base):
    """An expert's external calendar account (CalDAV) or feed (ICS)."""

    __tablename__ = "calendar_connections"

    expert_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("experts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(String(2000))
    # Fernet token of {"username", "password"} (calendars/credentials.py); never shown.
    credentials: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The calendars found at the server: [{"url", "name", "busy"}]; busy ones count.
    calendars: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The one calendar bookings are written into, if any (a url from `calendars`).
    write_calendar_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    # Read again from then on (claimed by one worker, which moves it on).
    next_sync_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # When the expert last asked for a read (connecting, choosing, "sync now"), and when
    # one last ended: until it ends after the ask, the connection is syncing.
    sync_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Why the last read failed, as a message template and its values (kit/i18n.py's
    # Message): each reader gets it in their own language.
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    last_error_values: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class ExternalBusy(IdMixin, Base):
    """A time the expert is busy in one of their connected calendars, as last read."""

    __tablename__ = "external_busy"
    __table_args__ = (Index("ix_external_busy_expert_start", "expert_id", "start_at"),)

    connection_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("calendar_connections.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    calendar_url: Mapped[str] = mapped_column(String(2000))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CalendarCopy(Base):
    """Where a booking was written into an expert's calendar, to update or delete it."""

    __tablename__ = "calendar_copies"

    booking_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    connection_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("calendar_connections.id", ondelete="CASCADE"), index=True
    )
    calendar_url: Mapped[str] = mapped_column(String(2000))
    event_url: Mapped[str] = mapped_column(String(2000))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
