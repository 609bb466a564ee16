"""The waitlist's tests use the notifications' app: a real SMTP server and its worker."""

from tests.notifications.conftest import api, mail_app, smtp, worker

__all__ = ["api", "mail_app", "smtp", "worker"]
