"""Reading the emails the server wrote as .eml files, waiting for them without sleeping blind."""

import re
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

WAIT_SECONDS = 15
POLL_SECONDS = 0.1


def _messages(outbox: Path) -> list[EmailMessage]:
    if not outbox.exists():
        return []
    # The server writes each file under a temporary name and renames it: an .eml is whole.
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for path in sorted(outbox.glob("*.eml"))
    ]


def wait_for_email(outbox: Path, to: str, subject: str = "") -> EmailMessage:
    """The first email to `to` whose subject contains `subject`, once it has arrived."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        for message in _messages(outbox):
            if to.lower() in str(message["To"]).lower() and subject in str(message["Subject"]):
                return message
        if time.monotonic() > deadline:
            sent = [(str(m["To"]), str(m["Subject"])) for m in _messages(outbox)]
            raise AssertionError(f"no email to {to} ({subject!r}) within {WAIT_SECONDS} s: {sent}")
        time.sleep(POLL_SECONDS)


def plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the email has no plain-text part"
    return str(part.get_content())


def links(message: EmailMessage) -> list[str]:
    """Every http(s) link in the plain-text part, in order."""
    return re.findall(r"https?://[^\s<>\"')]+", plain_text(message))
