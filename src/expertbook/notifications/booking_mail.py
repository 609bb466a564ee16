"""The emails about one booking, for the client or the expert, in the recipient's time zone
and language."""

import email.utils
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from expertbook.bookings.meeting_links import join_url
from expertbook.bookings.repository import BookingView
from expertbook.bookings.transitions import Change
from expertbook.kit.i18n import N_, Words, words
from expertbook.kit.time import zone
from expertbook.mail.compose import Action, Detail, Mail

# Changes after which the booking no longer holds the time: its calendar event goes.
ENDING: frozenset[Change] = frozenset({"cancelled", "declined"})
Role = Literal["client", "expert"]

# Date patterns (CLDR) are messages too: each language writes dates its own way.
LONG_DATE = N_("EEEE, d MMMM y")
SHORT_DATE_TIME = N_("EEE d MMM, HH:mm")


def format_when(start: datetime, end: datetime, timezone: str, words: Words) -> str:
    """'Tuesday, 1 December 2026, 10:00–10:30 (Europe/Berlin)'."""
    local_start, local_end = start.astimezone(zone(timezone)), end.astimezone(zone(timezone))
    return (
        f"{words.date(local_start, LONG_DATE)}, {local_start:%H:%M}–{local_end:%H:%M} ({timezone})"
    )


def short_when(start: datetime, timezone: str, words: Words) -> str:
    """'Tue 1 Dec, 10:00'."""
    return words.date(start.astimezone(zone(timezone)), SHORT_DATE_TIME)


def in_words(minutes: int, words: Words) -> str:
    """'in 1 day', 'in 2 hours', 'in 30 minutes'."""
    if minutes >= 24 * 60 and minutes % (24 * 60) == 0:
        return words.plural("in {count} day", "in {count} days", minutes // (24 * 60))
    if minutes >= 60 and minutes % 60 == 0:
        return words.plural("in {count} hour", "in {count} hours", minutes // 60)
    return words.plural("in {count} minute", "in {count} minutes", minutes)


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str
    timezone: str
    language: str


class BookingMail:
    """Composes one booking's emails; `manage_url` is the link each party manages it with."""

    def __init__(
        self,
        view: BookingView,
        *,
        client_manage_url: str,
        expert_manage_url: str,
        rebook_url: str,
    ):
        self.view = view
        self.manage_url = {"client": client_manage_url, "expert": expert_manage_url}
        self.rebook_url = rebook_url  # where a client asked to pick another time books it

    def recipient(self, role: Role) -> Recipient:
        """Who the party in `role` is, and the time zone and language they read in."""
        booking, expert, expert_user = self.view.booking, self.view.expert, self.view.expert_user
        if role == "client":
            return Recipient(booking.email, booking.name, booking.timezone, booking.language)
        return Recipient(expert_user.email, expert_user.name, expert.timezone, expert_user.language)

    def _other_address(self, role: Role) -> str:
        booking, expert_user = self.view.booking, self.view.expert_user
        if role == "client":
            return email.utils.formataddr((expert_user.name, expert_user.email))
        return email.utils.formataddr((booking.name, booking.email))

    def _other_name(self, role: Role) -> str:
        return self.view.expert_user.name if role == "client" else self.view.booking.name

    def _details(self, role: Role, timezone: str, w: Words) -> list[Detail]:
        booking, event_type = self.view.booking, self.view.event_type
        minutes = int((booking.end_at - booking.start_at) / timedelta(minutes=1))
        details = [
            Detail(
                w._("What"), w._("{title} ({minutes} min)", title=event_type.title, minutes=minutes)
            ),
            Detail(w._("When"), format_when(booking.start_at, booking.end_at, timezone, w)),
            Detail(w._("With"), self._other_name(role)),
        ]
        # Only a confirmed booking has a meeting to join: not a request, nor one that ended.
        link = join_url(booking, event_type) if booking.status == "confirmed" else None
        if link:
            details.append(Detail(w._("Join"), link, href=link))
        elif event_type.location_details:
            details.append(Detail(w._("Where"), event_type.location_details))
        if role == "expert":
            details.append(Detail(w._("Email"), booking.email, href=f"mailto:{booking.email}"))
            if booking.phone:
                details.append(Detail(w._("Phone"), booking.phone))
        if booking.notes:
            details.append(Detail(w._("Notes"), booking.notes))
        return details

    def _intro(self, change: Change, role: Role, w: Words, *, guest: bool = False) -> str:
        """What happened, as the recipient reads it; a `guest` the client invited reads the
        client's words with the client named where the client reads "you"."""
        booking = self.view.booking
        values = {
            "title": self.view.event_type.title,
            "other": self._other_name(role),
            "client": booking.name,
        }
        pending = booking.status == "pending"
        if change == "created":
            if role == "expert":
                if pending:
                    return w._(
                        "{other} asks to book {title} with you. Confirm or decline it.", **values
                    )
                return w._("{other} booked {title} with you.", **values)
            if pending and guest:
                return w._(
                    "{client}'s request for {title} with {other} awaits their confirmation. "
                    "The time is held for them meanwhile.",
                    **values,
                )
            if pending:
                return w._(
                    "Your request for {title} with {other} awaits their confirmation. "
                    "The time is held for you meanwhile.",
                    **values,
                )
            if guest:
                return w._("{client}'s booking of {title} with {other} is confirmed.", **values)
            return w._("Your booking of {title} with {other} is confirmed.", **values)
        if change == "confirmed":
            if role == "expert":
                return w._("You confirmed {title} with {other}.", **values)
            if guest:
                return w._("{other} confirmed {client}'s booking of {title}.", **values)
            return w._("{other} confirmed your booking of {title}.", **values)
        if change == "declined":
            if booking.cancelled_by == "system":
                return w._(
                    "The request for {title} was not confirmed before its start, "
                    "so it is declined.",
                    **values,
                )
            if role == "expert":
                return w._("You declined {other}'s request for {title}.", **values)
            if guest:
                return w._(
                    "{other} declined {client}'s request for {title}. The time is free again.",
                    **values,
                )
            return w._(
                "{other} declined your request for {title}. The time is free again.", **values
            )
        if change == "cancelled" and booking.reschedule_requested:
            if role == "expert":
                return w._(
                    "You cancelled {title} and asked {other} to book another time.", **values
                )
            if guest:
                return w._(
                    "{other} cancelled {client}'s booking of {title} and asked {client} to book "
                    "another time.",
                    **values,
                )
            return w._(
                "{other} cancelled {title} and asks you to book another time. Pick one that "
                "suits you with the link below.",
                **values,
            )
        if change == "cancelled":
            if booking.cancelled_by == role and not guest:
                return w._("You cancelled {title}. The time is free again.", **values)
            who = booking.name if guest and booking.cancelled_by == "client" else values["other"]
            return w._("{who} cancelled {title}. The time is free again.", who=who, **values)
        if change == "restored":
            return w._("{title} with {other} is back on, at the same time.", **values)
        if booking.rescheduled_by == role and not guest:
            return w._("You moved {title} to a new time.", **values)
        who = booking.name if guest and booking.rescheduled_by == "client" else values["other"]
        return w._("{who} moved {title} to a new time.", who=who, **values)

    def _label(self, change: Change, role: Role, w: Words, *, guest: bool) -> str:
        if self._asks_client_to_rebook(change, role, guest=guest):
            return w._("Please book another time")
        if change == "created" and self.view.booking.status == "pending":
            return w._("Request sent") if role == "client" else w._("Please confirm")
        if change == "created":
            return w._("Confirmed") if role == "client" else w._("New booking")
        return {
            "confirmed": w._("Confirmed"),
            "declined": w._("Declined"),
            "cancelled": w._("Cancelled"),
            "restored": w._("Back on"),
            "rescheduled": w._("New time"),
        }[change]

    def change(
        self,
        change: Change,
        role: Role,
        *,
        calendar: bytes,
        previous_start: datetime | None = None,
        guest: str | None = None,
    ) -> Mail:
        """The email about `change` for the party in `role`, or for a `guest` the client
        invited (who reads the client's email in the client's language, without its
        manage link)."""
        booking, title = self.view.booking, self.view.event_type.title
        to = self.recipient(role)
        w = words(to.language)
        details = self._details(role, to.timezone, w)
        if change in ENDING and booking.cancel_reason:
            details.append(Detail(w._("Reason"), booking.cancel_reason))
        if change == "rescheduled" and previous_start is not None:
            details.append(Detail(w._("Was"), short_when(previous_start, to.timezone, w)))
        label = self._label(change, role, w, guest=guest is not None)
        intro = self._intro(change, role, w, guest=guest is not None)
        footer = (
            w._("The attached calendar file removes the event from your calendar.")
            if change in ENDING
            else w._("Open the attached calendar file to add or update the event in your calendar.")
        )
        if guest is not None:
            intro = w._("{client} invited you as a guest.", client=booking.name) + " " + intro
            footer += " " + w._("To change the booking, ask {client}.", client=booking.name)
        return Mail(
            to_address=guest or to.address,
            to_name="" if guest else to.name,
            language=w.language,
            subject=w._(
                "{label}: {title} with {other}, {when}",
                label=label,
                title=title,
                other=self._other_name(role),
                when=short_when(booking.start_at, to.timezone, w),
            ),
            heading=w._("{label}: {title}", label=label, title=title),
            intro=intro,
            details=details,
            action=self._action(change, role, w, guest=guest is not None),
            footer=footer,
            reply_to=self._other_address(role),
            calendar=calendar,
            calendar_method="CANCEL" if change in ENDING else "REQUEST",
        )

    def _asks_client_to_rebook(self, change: Change, role: Role, *, guest: bool) -> bool:
        booking = self.view.booking
        return (
            change == "cancelled"
            and role == "client"
            and not guest
            and booking.reschedule_requested
        )

    def _action(self, change: Change, role: Role, w: Words, *, guest: bool) -> Action | None:
        if guest:
            return None
        if self._asks_client_to_rebook(change, role, guest=guest):
            return Action(w._("Book another time"), self.rebook_url)
        return Action(w._("Manage this booking"), self.manage_url[role])

    def reminder(self, role: Role, minutes_before: int) -> Mail:
        booking, title = self.view.booking, self.view.event_type.title
        to = self.recipient(role)
        w = words(to.language)
        other = self._other_name(role)
        return Mail(
            to_address=to.address,
            to_name=to.name,
            language=w.language,
            subject=w._(
                "Reminder: {title} with {other}, {when}",
                title=title,
                other=other,
                when=short_when(booking.start_at, to.timezone, w),
            ),
            heading=w._("Reminder: {title}", title=title),
            intro=w._(
                "{title} with {other} starts {in_time}.",
                title=title,
                other=other,
                in_time=in_words(minutes_before, w),
            ),
            details=self._details(role, to.timezone, w),
            action=Action(w._("Manage this booking"), self.manage_url[role]),
            reply_to=self._other_address(role),
            footer=w._("Can't make it? Cancel or pick another time with the link above."),
        )
