"""One message shape for every email: a heading, a sentence, details, one action, a footer."""

import email.utils
from dataclasses import dataclass, field
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

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
    language: str  # of its words, for the HTML part's lang (screen readers, hyphenation)
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


# Quoted-printable, not base64: an .eml file stays readable with `less`.
UTF8 = Charset("utf-8")
UTF8.body_encoding = QP


def _text(text: str, subtype: str) -> MIMEText:
    return MIMEText(text, subtype, UTF8)  # type: ignore[arg-type]  # a Charset is taken too


def _address(value: str) -> str:
    """'Name <address>' with a non-ASCII name encoded for the header (RFC 2047)."""
    return email.utils.formataddr(email.utils.parseaddr(value), charset="utf-8")


def assemble(parts: dict[str, str]) -> Message:
    """The message with plain-text and HTML parts, and the calendar file attached.

    Built with the compat32 classes of email.mime: a quarter of the CPU of EmailMessage,
    which parses every header it is given again.
    """
    message = MIMEMultipart("mixed")
    message["From"] = _address(parts["from"])
    message["To"] = _address(parts["to"])
    subject = parts["subject"]
    message["Subject"] = (
        subject if subject.isascii() else Header(subject, "utf-8", header_name="Subject").encode()
    )
    if "replyTo" in parts:
        message["Reply-To"] = _address(parts["replyTo"])
    message["Date"] = email.utils.formatdate(localtime=False)
    # Stable per outbox message: a receiver can tell a redelivery from a new message.
    message["Message-ID"] = f"<{parts['messageId']}@expertbook>"
    body = MIMEMultipart("alternative")
    body.attach(_text(parts["text"], "plain"))
    body.attach(_text(parts["html"], "html"))
    message.attach(body)
    if "calendar" in parts:
        invite = _text(parts["calendar"], "calendar")
        invite.set_param("method", parts["calendarMethod"])
        invite.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(invite)
    return message


def render(mail: Mail, *, sender: str, message_id: str) -> Message:
    return assemble(render_parts(mail, sender=sender, message_id=message_id))
