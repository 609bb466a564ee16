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
    # An iCalendar attachment and its METHOD (REQUEST or CANCEL).
    calendar: bytes | None = None
    calendar_method: str = "REQUEST"


def render(mail: Mail, *, sender: str, message_id: str) -> EmailMessage:
    """The message with plain-text and HTML parts, and the calendar file attached."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.utils.formataddr((mail.to_name, mail.to_address))
    message["Subject"] = mail.subject
    message["Date"] = email.utils.formatdate(localtime=False)
    # Stable per outbox message: a receiver can tell a redelivery from a new message.
    message["Message-ID"] = f"<{message_id}@expertbook>"
    message.set_content(_templates.get_template("message.txt.j2").render(mail=mail))
    message.add_alternative(
        _templates.get_template("message.html.j2").render(mail=mail), subtype="html"
    )
    if mail.calendar is not None:
        message.add_attachment(
            mail.calendar,
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": mail.calendar_method},
        )
    return message
