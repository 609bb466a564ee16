"""Queues what a change tells people: emails to both parties, reminders, webhook calls.

Everything is written into the outbox in the transaction of the change itself, so it
goes out if and only if the change commits; the worker is woken once it has.
"""

import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import Message
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.auth.security import booking_manage_token, waitlist_token
from expertbook.bookings import repository
from expertbook.bookings.ics import booking_calendar
from expertbook.bookings.repository import BookingView
from expertbook.bookings.transitions import Change
from expertbook.calendars import write_back
from expertbook.config import Settings
from expertbook.db import after_commit
from expertbook.kit.i18n import Language, words
from expertbook.kit.time import utcnow
from expertbook.mail.compose import Action, Mail, render, render_parts
from expertbook.models import BookingStatus, EventType, OutboxKind, User, WaitlistEntry, Webhook
from expertbook.notifications import waitlist_mail
from expertbook.notifications.booking_mail import BookingMail, Role
from expertbook.outbox import store

ROLES: tuple[Role, ...] = ("client", "expert")


class Notifier:
    def __init__(self, settings: Settings, wake: Callable[[], None]) -> None:
        self.settings = settings
        self.public_url = settings.public_url.rstrip("/")
        self._wake = wake

    def manage_token(self, booking_id: uuid.UUID) -> str:
        return booking_manage_token(self.settings.secret_key, booking_id)

    def _booking_mail(self, view: BookingView) -> BookingMail:
        page = f"{self.public_url}/bookings/{view.booking.id}"
        booking = view.booking
        # The event type's page, the client's name and email filled in for them.
        rebook = urlencode({"name": booking.name, "email": booking.email})
        return BookingMail(
            view,
            client_manage_url=f"{page}?token={self.manage_token(booking.id)}",
            expert_manage_url=page,
            rebook_url=f"{self.public_url}/{view.expert.username}/{view.event_type.slug}?{rebook}",
        )

    def _wake_after_commit(self, session: AsyncSession) -> None:
        if not session.info.get("outbox_wake"):
            session.info["outbox_wake"] = True

            async def wake() -> None:
                self._wake()

            after_commit(session, wake)

    def email(
        self,
        session: AsyncSession,
        mail: Mail,
        *,
        topic: str,
        due: datetime | None = None,
        booking_id: uuid.UUID | None = None,
        booking_sequence: int | None = None,
    ) -> None:
        message_id = uuid.uuid4()
        parts = render_parts(mail, sender=self.settings.mail_from, message_id=str(message_id))
        store.enqueue(
            session,
            message_id=message_id,
            kind=OutboxKind.EMAIL,
            topic=topic,
            recipient=mail.to_address,
            payload=json.dumps(parts),
            due=due,
            booking_id=booking_id,
            booking_sequence=booking_sequence,
        )
        self._wake_after_commit(session)

    async def booking_changed(
        self,
        session: AsyncSession,
        view: BookingView,
        change: Change,
        *,
        booking_json: dict[str, Any],
        previous_start: datetime | None = None,
    ) -> None:
        """Email both parties (with the calendar file), call the expert's webhooks, plan
        the reminders anew, and bring the expert's own calendar in line."""
        booking = view.booking
        mails = self._booking_mail(view)
        for role in ROLES:
            language = mails.recipient(role).language
            calendar = booking_calendar(
                view,
                for_role=role,
                public_url=self.public_url,
                manage_url=mails.manage_url[role],
                language=language,
            )
            mail = mails.change(change, role, calendar=calendar, previous_start=previous_start)
            self.email(session, mail, topic=f"booking.{change}", booking_id=booking.id)
            if role == "client" and booking.guests:
                # Guests read the client's words, and their calendar file has no manage link.
                guest_calendar = booking_calendar(
                    view, for_role="client", public_url=self.public_url, language=language
                )
                for guest in booking.guests:
                    guest_mail = mails.change(
                        change,
                        "client",
                        calendar=guest_calendar,
                        previous_start=previous_start,
                        guest=guest,
                    )
                    self.email(
                        session, guest_mail, topic=f"booking.{change}", booking_id=booking.id
                    )
        await self._call_webhooks(session, view, f"booking.{change}", booking_json)
        await self._plan_reminders(session, view, mails, new=change == "created")
        if await write_back.queue(session, view):
            self._wake_after_commit(session)

    async def reminders_changed(self, session: AsyncSession, event_type_id: uuid.UUID) -> None:
        """Plan the reminders of the event type's bookings to come anew: a change to its
        reminders reaches the bookings already made, not only the next ones."""
        for view in await repository.still_to_remind(session, event_type_id, utcnow()):
            await self._plan_reminders(session, view, self._booking_mail(view), new=False)

    async def _plan_reminders(
        self, session: AsyncSession, view: BookingView, mails: BookingMail, *, new: bool
    ) -> None:
        booking = view.booking
        if not new:  # a new booking has no reminders to replace
            await store.drop_pending_reminders(session, booking.id)
        if booking.status != BookingStatus.CONFIRMED:
            return
        now = utcnow()
        for minutes in sorted(set(view.event_type.reminder_minutes or [])):
            due = booking.start_at - timedelta(minutes=minutes)
            if due <= now:  # booked too late for this one: no reminder after its time
                continue
            for role in ROLES:
                # Only the plan is stored: the worker writes the email when it is due,
                # from the booking as it is then (and skips it if the booking moved on).
                store.enqueue(
                    session,
                    kind=OutboxKind.EMAIL,
                    topic=store.REMINDER,
                    recipient=mails.recipient(role).address,
                    payload=json.dumps({"role": role, "minutesBefore": minutes}),
                    due=due,
                    booking_id=booking.id,
                    booking_sequence=booking.sequence,
                )

    def reminder_message(self, view: BookingView, plan: str, message_id: uuid.UUID) -> Message:
        """The reminder email a stored plan stands for, written from the booking now."""
        fields = json.loads(plan)
        mail = self._booking_mail(view).reminder(fields["role"], int(fields["minutesBefore"]))
        return render(mail, sender=self.settings.mail_from, message_id=str(message_id))

    async def _call_webhooks(
        self, session: AsyncSession, view: BookingView, event: str, data: dict[str, Any]
    ) -> None:
        hooks = await session.scalars(
            select(Webhook).where(Webhook.user_id == view.expert.user_id, Webhook.active)
        )
        for hook in hooks:
            if event not in hook.events:
                continue
            body = {"event": event, "createdAt": utcnow().isoformat(), "data": data}
            self.webhook(session, hook, topic=event, body=json.dumps(body))

    def webhook(self, session: AsyncSession, hook: Webhook, *, topic: str, body: str) -> uuid.UUID:
        message = store.enqueue(
            session,
            kind=OutboxKind.WEBHOOK,
            topic=topic,
            recipient=hook.url,
            payload=body,
            webhook_id=hook.id,
        )
        self._wake_after_commit(session)
        return message.id

    def waitlist_token(self, entry_id: uuid.UUID) -> str:
        return waitlist_token(self.settings.secret_key, entry_id)

    def _waitlist_url(self, entry: WaitlistEntry) -> str:
        return f"{self.public_url}/waitlist/{entry.id}?token={self.waitlist_token(entry.id)}"

    def waitlist_joined(
        self,
        session: AsyncSession,
        entry: WaitlistEntry,
        event_type: EventType,
        *,
        expert_name: str,
        position: int,
    ) -> None:
        mail = waitlist_mail.joined(
            entry,
            event_type,
            expert_name=expert_name,
            position=position,
            url=self._waitlist_url(entry),
        )
        self.email(session, mail, topic="waitlist.joined")

    def waitlist_offered(
        self,
        session: AsyncSession,
        entry: WaitlistEntry,
        event_type: EventType,
        *,
        expert_name: str,
    ) -> None:
        assert entry.offered_until is not None
        mail = waitlist_mail.offered(
            entry,
            event_type,
            expert_name=expert_name,
            offered_until=entry.offered_until,
            url=self._waitlist_url(entry),
        )
        self.email(session, mail, topic="waitlist.offered")

    def password_reset(
        self, session: AsyncSession, user: User, token: str, *, language: Language
    ) -> None:
        """The reset link, in the language of the page it was asked for on."""
        link = f"{self.public_url}/reset-password?token={token}"
        w = words(language)
        mail = Mail(
            to_address=user.email,
            to_name=user.name,
            language=w.language,
            subject=w._("Reset your ExpertBook password"),
            heading=w._("Reset your password"),
            intro=w._(
                "Someone, hopefully you, asked to reset the password of your ExpertBook "
                "account. The link works once, within one hour."
            ),
            action=Action(w._("Choose a new password"), link),
            footer=w._(
                "If you did not ask for this, ignore this email: your password stays as it is."
            ),
        )
        self.email(session, mail, topic="password_reset")
