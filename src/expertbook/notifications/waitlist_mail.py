"""The waitlist's emails: a place in line, and a freed place held for its client, in the
language they joined the line in."""

from datetime import datetime, timedelta

from expertbook.kit.i18n import Words, words
from expertbook.mail.compose import Action, Detail, Mail
from expertbook.models import EventType, WaitlistEntry
from expertbook.notifications.booking_mail import format_when, short_when


def _details(
    entry: WaitlistEntry, event_type: EventType, expert_name: str, w: Words
) -> list[Detail]:
    end = entry.start_at + timedelta(minutes=event_type.duration_minutes)
    return [
        Detail(w._("When"), format_when(entry.start_at, end, entry.timezone, w)),
        Detail(w._("With"), expert_name),
    ]


def _short(entry: WaitlistEntry, w: Words) -> str:
    return short_when(entry.start_at, entry.timezone, w)


def joined(
    entry: WaitlistEntry, event_type: EventType, *, expert_name: str, position: int, url: str
) -> Mail:
    w = words(entry.language)
    values = {"title": event_type.title, "expert": expert_name}
    if position == 1:
        intro = w._(
            "{title} with {expert} is full at this time, and you are next in line.", **values
        )
    else:
        intro = w._(
            "{title} with {expert} is full at this time, and you are number {position} in line.",
            position=position,
            **values,
        )
    return Mail(
        to_address=entry.email,
        to_name=entry.name,
        language=w.language,
        subject=w._(
            "On the waitlist: {title}, {when}", title=event_type.title, when=_short(entry, w)
        ),
        heading=w._("You are on the waitlist"),
        intro=intro
        + " "
        + w._("If a place frees up, we hold it for you and email you a link to claim it."),
        details=_details(entry, event_type, expert_name, w),
        action=Action(w._("See your place in line"), url),
        footer=w._("Changed your mind? Open the link above to leave the waitlist."),
    )


def offered(
    entry: WaitlistEntry,
    event_type: EventType,
    *,
    expert_name: str,
    offered_until: datetime,
    url: str,
) -> Mail:
    w = words(entry.language)
    return Mail(
        to_address=entry.email,
        to_name=entry.name,
        language=w.language,
        subject=w._(
            "A place opened: {title}, {when}", title=event_type.title, when=_short(entry, w)
        ),
        heading=w._("A place opened up for you"),
        intro=w._(
            "A place in {title} with {expert} is free, and it is held for you alone until "
            "{deadline} ({timezone}). Claim it with one click before then; after that it goes "
            "to the next person in line.",
            title=event_type.title,
            expert=expert_name,
            deadline=short_when(offered_until, entry.timezone, w),
            timezone=entry.timezone,
        ),
        details=_details(entry, event_type, expert_name, w),
        action=Action(w._("Claim your place"), url),
        footer=w._("Don't want it any more? Open the link and let it go to the next person."),
    )
