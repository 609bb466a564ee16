"""Sends a composed message over SMTP, or writes it as an .eml file when no SMTP is set."""

import email.policy
import os
import tempfile
from email.message import Message
from pathlib import Path
from urllib.parse import unquote, urlsplit

import aiosmtplib

from expertbook.config import Settings

SMTP_TIMEOUT_SECONDS = 30
# The messages are built with compat32 classes; written with the lines SMTP sends.
EML_POLICY = email.policy.compat32.clone(linesep="\r\n")


class Mailer:
    def __init__(self, settings: Settings) -> None:
        self.smtp_url = settings.smtp_url
        self.outbox_dir = settings.outbox_dir

    async def send(self, message: Message, *, name: str) -> None:
        """Deliver `message`; `name` is unique to it and names its .eml file."""
        if self.smtp_url:
            await self._send_smtp(message)
        else:
            self._write_eml(message, name)

    async def _send_smtp(self, message: Message) -> None:
        url = urlsplit(self.smtp_url or "")
        if url.scheme not in ("smtp", "smtps"):
            raise ValueError("EXPERTBOOK_SMTP_URL must start with smtp:// or smtps://")
        implicit_tls = url.scheme == "smtps"
        await aiosmtplib.send(
            message,
            hostname=url.hostname or "localhost",
            port=url.port or (465 if implicit_tls else 25),
            username=unquote(url.username) if url.username else None,
            password=unquote(url.password) if url.password else None,
            use_tls=implicit_tls,
            # STARTTLS whenever the server offers it (aiosmtplib's default).
            start_tls=None if not implicit_tls else False,
            timeout=SMTP_TIMEOUT_SECONDS,
        )

    def _write_eml(self, message: Message, name: str) -> None:
        # Written under a temporary name, then renamed: the file appears whole or not at
        # all, and writing the same message again replaces it rather than adding one.
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        path = self.outbox_dir / f"{name}.eml"
        descriptor, temporary = tempfile.mkstemp(dir=self.outbox_dir, suffix=".tmp")
        with os.fdopen(descriptor, "wb") as file:
            file.write(message.as_bytes(policy=EML_POLICY))
        Path(temporary).replace(path)
