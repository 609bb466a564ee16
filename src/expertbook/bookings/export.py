"""An expert's bookings as CSV, for a spreadsheet or their accountant."""

import csv
import io
from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.bookings import repository
from expertbook.bookings.service import answers_of
from expertbook.kit.time import zone
from expertbook.models import Expert

COLUMNS = [
    "id",
    "status",
    "event type",
    "start",
    "end",
    "minutes",
    "time zone",
    "client",
    "email",
    "phone",
    "guests",
    "notes",
    "answers",
    "no-show",
    "cancelled by",
    "reason",
    "booked at",
]


def _cell(value: str) -> str:
    # A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


async def bookings_csv(session: AsyncSession, expert: Expert, first: date, last: date) -> str:
    """Every booking with the expert starting from `first` to `last` (inclusive, their zone)."""
    expert_zone = zone(expert.timezone)
    start = datetime.combine(first, time(), expert_zone)
    end = datetime.combine(last + timedelta(days=1), time(), expert_zone)
    views = await repository.views_between(session, expert.id, start, end)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for view in views:
        booking = view.booking
        answers = "; ".join(f"{answer.label}: {answer.value}" for answer in answers_of(view))
        row = [
            str(booking.id),
            booking.status,
            view.event_type.title,
            booking.start_at.astimezone(expert_zone).isoformat(),
            booking.end_at.astimezone(expert_zone).isoformat(),
            str(int((booking.end_at - booking.start_at).total_seconds() // 60)),
            expert.timezone,
            booking.name,
            booking.email,
            booking.phone or "",
            " ".join(booking.guests or []),
            booking.notes or "",
            answers,
            "yes" if booking.no_show else "",
            booking.cancelled_by or "",
            booking.cancel_reason or "",
            booking.created_at.astimezone(expert_zone).isoformat(),
        ]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()
