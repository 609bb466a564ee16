"""The emails about one booking, for the client or the expert, in the recipient's time zone."""

import email.utils
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal

from expertbook.bookings.meeting_links import join_url
from expertbook.bookings.repository import BookingView
from expertbook.kit.time import zone
from expertbook.mail.compose import Action, Detail, Mail

Change = Literal["created", "confirmed", "declined", "cancelled", "restored", "rescheduled"]
# Changes after which the booking no longer holds the time: its calendar event goes.
ENDING: frozenset[Change] = frozenset({"cancelled", "declined"})
Role = Literal["client", "expert"]


def format_when(start: datetime, end: datetime, timezone: str) -> str:
    """'Tuesday, 1 December 2026, 10:00–10:30 (Europe/Berlin)'."""
    local_start, local_end = start.astimezone(zone(timezone)), end.astimezone(zone(timezone))
    return (
        f"{local_start:%A}, {local_start.day} {local_start:%B %Y}, "
        f"{local_start:%H:%M}–{local_end:%H:%M} ({timezone})"
    )


def short_when(start: datetime, timezone: str) -> str:
    """'Tue 1 Dec, 10:00'."""
    local = start.astimezone(zone(timezone))
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def in_words(minutes: int) -> str:
    """'in 1 day', 'in 2 hours', 'in 30 minutes'."""
    for size, unit in ((24 * 60, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size and minutes % size == 0:
            count = minutes // size
            return f"in {count} {unit}{'' if count == 1 else 's'}"
    return f"in {minutes} minutes"


class BookingMail:
    """Composes one booking's emails; `manage_url` is the link each party manages it with."""

    def __init__(self, view: BookingView, *, client_manage_url: str, expert_manage_url: str):
        self.view = view
        self.manage_url = {"client": client_manage_url, "expert": expert_manage_url}

    def recipient(self, role: Role) -> tuple[str, str, str]:
        """Address, name and time zone of the party in `role`."""
        booking, expert, expert_user = self.view.booking, self.view.expert, self.view.expert_user
        if role == "client":
            return booking.email, booking.name, booking.timezone
        return expert_user.email, expert_user.name, expert.timezone

    def _other_address(self, role: Role) -> str:
        booking, expert_user = self.view.booking, self.view.expert_user
        if role == "client":
            return email.utils.formataddr((expert_user.name, expert_user.email))
        return email.utils.formataddr((booking.name, booking.email))

    def _other_name(self, role: Role) -> str:
        return self.view.expert_user.name if role == "client" else self.view.booking.name

    def _details(self, role: Role, timezone: str) -> list[Detail]:
        booking, event_type = self.view.booking, self.view.event_type
        minutes = int((booking.end_at - booking.start_at) / timedelta(minutes=1))
        details = [
            Detail("What", f"{event_type.title} ({minutes} min)"),
            Detail("When", format_when(booking.start_at, booking.end_at, timezone)),
            Detail("With", self._other_name(role)),
        ]
        link = join_url(booking, event_type)
        if link:
            details.append(Detail("Join", link, href=link))
        elif event_type.location_details:
            details.append(Detail("Where", event_type.location_details))
        if role == "expert":
            details.append(Detail("Email", booking.email, href=f"mailto:{booking.email}"))
            if booking.phone:
                details.append(Detail("Phone", booking.phone))
        if booking.notes:
            details.append(Detail("Notes", booking.notes))
        return details

    def _intro(self, change: Change, role: Role) -> str:
        booking, title = self.view.booking, self.view.event_type.title
        other = self._other_name(role)
        pending = booking.status == "pending"
        if change == "created":
            if role == "client":
                if pending:
                    return (
                        f"Your request for {title} with {other} awaits their confirmation. "
                        "The time is held for you meanwhile."
                    )
                return f"Your booking of {title} with {other} is confirmed."
            if pending:
                return f"{other} asks to book {title} with you. Confirm or decline it."
            return f"{other} booked {title} with you."
        if change == "confirmed":
            if role == "client":
                return f"{other} confirmed your booking of {title}."
            return f"You confirmed {title} with {other}."
        if change == "declined":
            if booking.cancelled_by == "system":
                return (
                    f"The request for {title} was not confirmed before its start, "
                    "so it is declined."
                )
            if role == "client":
                return f"{other} declined your request for {title}. The time is free again."
            return f"You declined {other}'s request for {title}."
        if change == "cancelled":
            who = "You" if booking.cancelled_by == role else other
            return f"{who} cancelled {title}. The time is free again."
        if change == "restored":
            return f"{title} with {other} is back on, at the same time."
        who = "You" if booking.rescheduled_by == role else other
        return f"{who} moved {title} to a new time."

    def change(
        self,
        change: Change,
        role: Role,
        *,
        calendar: bytes,
        previous_start: datetime | None = None,
    ) -> Mail:
        booking, title = self.view.booking, self.view.event_type.title
        address, name, timezone = self.recipient(role)
        details = self._details(role, timezone)
        if change in ENDING and booking.cancel_reason:
            details.append(Detail("Reason", booking.cancel_reason))
        if change == "rescheduled" and previous_start is not None:
            details.append(Detail("Was", short_when(previous_start, timezone)))
        pending = booking.status == "pending"
        label = {
            "created": (
                ("Request sent" if role == "client" else "Please confirm")
                if pending
                else ("Confirmed" if role == "client" else "New booking")
            ),
            "confirmed": "Confirmed",
            "declined": "Declined",
            "cancelled": "Cancelled",
            "restored": "Back on",
            "rescheduled": "New time",
        }[change]
        subject = (
            f"{label}: {title} with {self._other_name(role)}, "
            f"{short_when(booking.start_at, timezone)}"
        )
        return Mail(
            to_address=address,
            to_name=name,
            subject=subject,
            heading=f"{label}: {title}",
            intro=self._intro(change, role),
            details=details,
            action=Action("Manage this booking", self.manage_url[role]),
            footer=(
                "The attached calendar file removes the event from your calendar."
                if change in ENDING
                else "Open the attached calendar file to add or update the event in your calendar."
            ),
            reply_to=self._other_address(role),
            calendar=calendar,
            calendar_method="CANCEL" if change in ENDING else "REQUEST",
        )

    def for_guest(self, mail: Mail, guest: str) -> Mail:
        """The client's email, for a guest the client invited: no manage link."""
        client = self.view.booking.name
        return replace(
            mail,
            to_address=guest,
            to_name="",
            intro=f"{client} invited you as a guest. {mail.intro}".replace("Your ", f"{client}'s "),
            action=None,
            footer=mail.footer + f" To change the booking, ask {client}.",
        )

    def reminder(self, role: Role, minutes_before: int) -> Mail:
        booking, title = self.view.booking, self.view.event_type.title
        address, name, timezone = self.recipient(role)
        return Mail(
            to_address=address,
            to_name=name,
            subject=(
                f"Reminder: {title} with {self._other_name(role)}, "
                f"{short_when(booking.start_at, timezone)}"
            ),
            heading=f"Reminder: {title}",
            intro=(f"{title} with {self._other_name(role)} starts {in_words(minutes_before)}."),
            details=self._details(role, timezone),
            action=Action("Manage this booking", self.manage_url[role]),
            reply_to=self._other_address(role),
            footer="Can't make it? Cancel or pick another time with the link above.",
        )
