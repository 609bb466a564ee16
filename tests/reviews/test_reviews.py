"""Reviews: only real sessions, by their client, once; the expert's reply and report; an
administrator's decision. On SQLite and PostgreSQL."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from expertbook.config import Settings
from expertbook.kit.cursor import encode
from expertbook.models import Booking
from expertbook.reviews.admin import decide, reported_lines
from tests import factories
from tests.auth.test_accounts import assert_error


def day_at(days: int, hour: int) -> str:
    return factories.at(factories.future_day(days), hour)


async def end_in_the_past(app: FastAPI, booking_id: str, hours_ago: int = 2) -> None:
    """The session took place: it started `hours_ago` hours ago."""
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=hours_ago)
    async with app.state.database.write_sessions() as session, session.begin():
        await session.execute(
            update(Booking)
            .where(Booking.id == uuid.UUID(booking_id))
            .values(
                start_at=start,
                end_at=start + timedelta(minutes=30),
                buffered_start=start,
                buffered_end=start + timedelta(minutes=30),
            )
        )


async def past_session(
    app: FastAPI, client: httpx.AsyncClient, owner: dict[str, Any] | None = None, **fields: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """An expert and a guest's booking with them that has ended."""
    owner = owner or await factories.expert(client, "Reviewed Expert", username="reviewed")
    event = await factories.event_type(client, owner, title="Intro call", **fields)
    earlier = len(owner.setdefault("booked", []))
    booking = await factories.book(client, event, day_at(3, 10 + earlier))
    owner["booked"].append(booking["id"])
    await end_in_the_past(app, booking["id"], hours_ago=2 + earlier)
    return owner, booking


def review_path(booking: dict[str, Any]) -> str:
    return f"/api/bookings/{booking['id']}/review"


def as_guest(booking: dict[str, Any]) -> dict[str, str]:
    return {"token": booking["manageToken"]}


class TestLeaveReview:
    async def test_the_guest_reviews_with_the_manage_token(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        _, booking = await past_session(app, client)
        before = await client.get(review_path(booking), params=as_guest(booking))
        assert before.json() == {"review": None, "canReview": True, "reason": None}
        response = await client.post(
            review_path(booking),
            json={"rating": 5, "text": "Clear and kind."},
            params=as_guest(booking),
        )
        assert response.status_code == 201, response.text
        review = response.json()
        assert review["rating"] == 5 and review["text"] == "Clear and kind."
        assert review["eventTitle"] == "Intro call"
        after = await client.get(review_path(booking), params=as_guest(booking))
        assert after.json()["review"]["id"] == review["id"]
        assert after.json()["canReview"] is False

        listed = (await client.get("/api/experts/reviewed/reviews")).json()
        assert listed["rating"] == {"average": 5.0, "count": 1}
        assert [item["id"] for item in listed["items"]] == [review["id"]]
        # Never the client's name or email in public.
        assert "Client Person" not in str(listed) and "client@example.com" not in str(listed)
        public = (await client.get("/api/experts/reviewed")).json()
        assert public["rating"] == {"average": 5.0, "count": 1}

    async def test_the_client_reviews_from_their_account(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client, "Account Expert", username="acct")
        event = await factories.event_type(client, owner)
        customer = await factories.register(client, "Signed In")
        booking = await factories.book(
            client,
            event,
            day_at(3, 9),
            headers=customer["headers"],
            email=customer["user"]["email"],
        )
        await end_in_the_past(app, booking["id"])
        response = await client.post(
            review_path(booking), json={"rating": 4}, headers=customer["headers"]
        )
        assert response.status_code == 201, response.text
        assert response.json()["text"] is None

    async def test_reviews_page_newest_first(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        owner = None
        for stars in (3, 4, 5):
            owner, booking = await past_session(app, client, owner)
            posted = await client.post(
                review_path(booking), json={"rating": stars}, params=as_guest(booking)
            )
            assert posted.status_code == 201
        first = (await client.get("/api/experts/reviewed/reviews", params={"limit": 2})).json()
        assert first["rating"] == {"average": 4.0, "count": 3}
        assert [item["rating"] for item in first["items"]] == [5, 4]
        rest = await client.get(
            "/api/experts/reviewed/reviews", params={"limit": 2, "cursor": first["nextCursor"]}
        )
        assert [item["rating"] for item in rest.json()["items"]] == [3]
        assert rest.json()["nextCursor"] is None
        for forged in (
            {"c": "2026-12-01T00:00:00", "i": str(uuid.uuid4())},
            {"c": 5, "i": str(uuid.uuid4())},
            {"c": "2026-12-01T00:00:00+00:00", "i": "x"},
            {"c": "2026-12-01T00:00:00+00:00"},
            "text",
        ):
            response = await client.get(
                "/api/experts/reviewed/reviews", params={"cursor": encode(forged)}
            )
            assert_error(response, 422, "invalid_cursor")


class TestForbiddenReviews:
    async def test_before_the_session_ends(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        booking = await factories.book(client, event, day_at(3, 10))
        response = await client.post(
            review_path(booking), json={"rating": 5}, params=as_guest(booking)
        )
        assert_error(response, 422, "session_not_over")

    async def test_a_cancelled_booking(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        booking = await factories.book(client, event, day_at(3, 10))
        cancelled = await client.patch(
            f"/api/bookings/{booking['id']}",
            json={"status": "cancelled"},
            params=as_guest(booking),
        )
        assert cancelled.status_code == 200
        await end_in_the_past(app, booking["id"])
        response = await client.post(
            review_path(booking), json={"rating": 1}, params=as_guest(booking)
        )
        assert_error(response, 422, "not_reviewable")

    async def test_a_request_never_confirmed(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        _, booking = await past_session(app, client, requiresConfirmation=True)
        assert booking["status"] == "pending"
        response = await client.post(
            review_path(booking), json={"rating": 3}, params=as_guest(booking)
        )
        assert_error(response, 422, "not_reviewable")

    async def test_a_no_show(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        owner, booking = await past_session(app, client)
        marked = await client.post(
            f"/api/bookings/{booking['id']}/no-show",
            json={"noShow": True},
            headers=owner["headers"],
        )
        assert marked.status_code == 200, marked.text
        response = await client.post(
            review_path(booking), json={"rating": 1}, params=as_guest(booking)
        )
        assert_error(response, 422, "not_reviewable")
        status = await client.get(review_path(booking), params=as_guest(booking))
        assert status.json()["canReview"] is False and status.json()["reason"]

    async def test_by_the_expert(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        owner, booking = await past_session(app, client)
        response = await client.post(
            review_path(booking), json={"rating": 5}, headers=owner["headers"]
        )
        assert_error(response, 403, "expert_cannot_review")

    async def test_by_a_stranger_or_a_wrong_token(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        _, booking = await past_session(app, client)
        stranger = await factories.register(client, "Stranger")
        for kwargs in (
            {},
            {"headers": stranger["headers"]},
            {"params": {"token": "not-the-token"}},
        ):
            response = await client.post(review_path(booking), json={"rating": 5}, **kwargs)
            assert_error(response, 404, "not_found")
        missing = await client.post(
            f"/api/bookings/{uuid.uuid4()}/review", json={"rating": 5}, params=as_guest(booking)
        )
        assert_error(missing, 404, "not_found")

    async def test_twice(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        _, booking = await past_session(app, client)
        first = await client.post(
            review_path(booking), json={"rating": 5}, params=as_guest(booking)
        )
        assert first.status_code == 201
        again = await client.post(
            review_path(booking), json={"rating": 1}, params=as_guest(booking)
        )
        assert_error(again, 409, "already_reviewed")
        listed = (await client.get("/api/experts/reviewed/reviews")).json()
        assert listed["rating"] == {"average": 5.0, "count": 1}

    @pytest.mark.parametrize(
        "body",
        [
            {"rating": 0},
            {"rating": 6},
            {"rating": 4.5},
            {},
            {"rating": 5, "text": "x" * 2001},
            {"rating": 5, "text": "nul\x00"},
            {"rating": 5, "author": "someone else"},
        ],
    )
    async def test_bad_input(
        self, app: FastAPI, client: httpx.AsyncClient, body: dict[str, Any]
    ) -> None:
        _, booking = await past_session(app, client)
        response = await client.post(review_path(booking), json=body, params=as_guest(booking))
        assert_error(response, 422, "validation_error")
        status = await client.get(review_path(booking), params=as_guest(booking))
        assert status.json()["review"] is None


class TestReplyAndReport:
    async def _reviewed(
        self, app: FastAPI, client: httpx.AsyncClient, stars: int = 2
    ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        owner, booking = await past_session(app, client)
        posted = await client.post(
            review_path(booking), json={"rating": stars, "text": "Meh."}, params=as_guest(booking)
        )
        assert posted.status_code == 201
        return owner, booking, posted.json()

    async def test_the_expert_replies_once(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        owner, booking, review = await self._reviewed(app, client)
        path = f"/api/reviews/{review['id']}/reply"
        replied = await client.post(path, json={"text": "Thanks!"}, headers=owner["headers"])
        assert replied.status_code == 200, replied.text
        assert replied.json()["reply"] == "Thanks!" and replied.json()["repliedAt"]
        again = await client.post(path, json={"text": "Also…"}, headers=owner["headers"])
        assert_error(again, 409, "already_replied")
        other = await factories.expert(client, "Other Expert")
        by_other = await client.post(path, json={"text": "Hi"}, headers=other["headers"])
        assert_error(by_other, 403, "not_your_review")
        by_guest = await client.post(path, json={"text": "Hi"}, params=as_guest(booking))
        assert by_guest.status_code == 401
        empty = await client.post(path, json={"text": ""}, headers=owner["headers"])
        assert_error(empty, 422, "validation_error")
        listed = (await client.get("/api/experts/reviewed/reviews")).json()
        assert listed["items"][0]["reply"] == "Thanks!"

    async def test_a_report_hides_until_an_administrator_decides(
        self, app: FastAPI, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        owner, _, review = await self._reviewed(app, client, stars=1)
        path = f"/api/reviews/{review['id']}/report"
        reported = await client.post(path, json={"reason": "Never met"}, headers=owner["headers"])
        assert reported.status_code == 200, reported.text
        listed = (await client.get("/api/experts/reviewed/reviews")).json()
        assert listed == {"rating": {"average": None, "count": 0}, "items": [], "nextCursor": None}
        # Reporting again changes nothing; the tally is not taken twice.
        assert (await client.post(path, json={}, headers=owner["headers"])).status_code == 200
        lines = await reported_lines(settings)
        assert any(review["id"] in line and "Meh." in line for line in lines)
        assert any("Never met" in line for line in lines)

        assert await decide(settings, review["id"], keep=True)
        listed = (await client.get("/api/experts/reviewed/reviews")).json()
        assert listed["rating"] == {"average": 1.0, "count": 1}
        assert await decide(settings, review["id"], keep=True) is False  # decided already

        await client.post(path, json={}, headers=owner["headers"])
        assert await decide(settings, review["id"], keep=False)
        listed = (await client.get("/api/experts/reviewed/reviews")).json()
        assert listed["rating"]["count"] == 0 and listed["items"] == []
        # A removed review can be neither reported nor answered.
        gone = await client.post(path, json={}, headers=owner["headers"])
        assert_error(gone, 404, "not_found")
        assert await reported_lines(settings) == ["No reported review awaits a decision."]
        assert await decide(settings, "not-a-uuid", keep=False) is False
