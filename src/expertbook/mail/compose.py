"""One message shape for every email: a heading, a sentence, details, one action, a footer."""

import email.utils
from dataclasses import dataclass, field
from email.message import EmailMessage

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

_templates = Environment(
    loader=PackageLoader("expertbook.mail", "templates"),
    autoescape=select_autoescape(["html.j2"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Detail:
    label: str
    value: str
    href: str | None = None


@dataclass(frozen=True)
class Action:
    label: str
    url: str


@dataclass(frozen=True)
class Mail:
    to_address: str
    to_name: str
    subject: str
    heading: str
    intro: str
    details: list[Detail] = field(default_factory=list)
    action: Action | None = None
    footer: str = ""
    # Where a reply goes: the other party, so answering the email reaches a person.
    reply_to: str | None = None
    # An iCalendar attachment and its METHOD (REQUEST or CANCEL).
    calendar: bytes | None = None
    calendar_method: str = "REQUEST"


def render_parts(mail: Mail, *, sender: str, message_id: str) -> dict[str, str]:
    """The message's words, rendered now (cheap): what the outbox stores. Assembling the
    MIME message from them costs ten times more, so the worker does it (assemble)."""
    parts = {
        "from": sender,
        "to": email.utils.formataddr((mail.to_name, mail.to_address)),
        "subject": mail.subject,
        "messageId": message_id,
        **({"replyTo": mail.reply_to} if mail.reply_to else {}),
        "text": _templates.get_template("message.txt.j2").render(mail=mail),
        "html": _templates.get_template("message.html.j2").render(mail=mail),
    }
    if mail.calendar is not None:
        parts["calendar"] = mail.calendar.decode()
        parts["calendarMethod"] = mail.calendar_method
    return parts


def assemble(parts: dict[str, str]) -> EmailMessage:
    """The message with plain-text and HTML parts, and the calendar file attached."""
    message = EmailMessage()
    message["From"] = parts["from"]
    message["To"] = parts["to"]
    message["Subject"] = parts["subject"]
    if "replyTo" in parts:
        message["Reply-To"] = parts["replyTo"]
    message["Date"] = email.utils.formatdate(localtime=False)
    # Stable per outbox message: a receiver can tell a redelivery from a new message.
    message["Message-ID"] = f"<{parts['messageId']}@expertbook>"
    message.set_content(parts["text"])
    message.add_alternative(parts["html"], subtype="html")
    if "calendar" in parts:
        message.add_attachment(
            parts["calendar"].encode(),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": parts["calendarMethod"]},
        )
    return message


def render(mail: Mail, *, sender: str, message_id: str) -> EmailMessage:
    return assemble(render_parts(mail, sender=sender, message_id=message_id))
