"""The waitlist's emails: a place in line, and a freed place held for its client."""

from datetime import datetime, timedelta

from expertbook.mail.compose import Action, Detail, Mail
from expertbook.models import EventType, WaitlistEntry
from expertbook.notifications.booking_mail import format_when, short_when


def _when(entry: WaitlistEntry, event_type: EventType) -> str:
    end = entry.start_at + timedelta(minutes=event_type.duration_minutes)
    return format_when(entry.start_at, end, entry.timezone)


def _short(entry: WaitlistEntry) -> str:
    return short_when(entry.start_at, entry.timezone)


def joined(
    entry: WaitlistEntry, event_type: EventType, *, expert_name: str, position: int, url: str
) -> Mail:
    place = "next in line" if position == 1 else f"number {position} in line"
    return Mail(
        to_address=entry.email,
        to_name=entry.name,
        subject=f"On the waitlist: {event_type.title}, {_short(entry)}",
        heading="You are on the waitlist",
        intro=(
            f"{event_type.title} with {expert_name} is full at this time, and you are {place}. "
            "If a place frees up, we hold it for you and email you a link to claim it."
        ),
        details=[Detail("When", _when(entry, event_type)), Detail("With", expert_name)],
        action=Action("See your place in line", url),
        footer="Changed your mind? Open the link above to leave the waitlist.",
    )


def offered(
    entry: WaitlistEntry,
    event_type: EventType,
    *,
    expert_name: str,
    offered_until: datetime,
    url: str,
) -> Mail:
    deadline = short_when(offered_until, entry.timezone)
    return Mail(
        to_address=entry.email,
        to_name=entry.name,
        subject=f"A place opened: {event_type.title}, {_short(entry)}",
        heading="A place opened up for you",
        intro=(
            f"A place in {event_type.title} with {expert_name} is free, and it is held for you "
            f"alone until {deadline} ({entry.timezone}). Claim it with one click before then; "
            "after that it goes to the next person in line."
        ),
        details=[Detail("When", _when(entry, event_type)), Detail("With", expert_name)],
        action=Action("Claim your place", url),
        footer="Don't want it any more? Open the link and let it go to the next person.",
    )
