"""Who may review which booking: the one place that decides it.

Only a real session is reviewed: a confirmed booking whose end has passed, that the
expert did not mark as a no-show, by its client (their account or the guest's manage
token), never by the expert, once.
"""

from datetime import datetime

from expertbook.bookings.repository import BookingView
from expertbook.bookings.service import Role
from expertbook.errors import AppError, Forbidden, Unprocessable
from expertbook.models import BookingStatus


def refusal(view: BookingView, role: Role, now: datetime) -> AppError | None:
    """Why this asker may not review this booking now; None when they may."""
    booking = view.booking
    if role != "client":
        return Forbidden("Only the client of a session can review it.", code="expert_cannot_review")
    if booking.status != BookingStatus.CONFIRMED:
        return Unprocessable(
            "Only a confirmed session that took place can be reviewed.",
            code="not_reviewable",
        )
    if booking.no_show:
        return Unprocessable(
            "The expert recorded that this session did not take place.", code="not_reviewable"
        )
    if booking.end_at > now:
        return Unprocessable(
            "You can review the session once it has ended.", code="session_not_over"
        )
    return None
