"""The private feed lists exactly the user's bookings, as client and expert; rotating kills
the old address."""

import httpx
from icalendar import Calendar

from tests import factories


async def feed_uids(api: httpx.AsyncClient, url: str) -> set[str]:
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = await api.get(f"/{path}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


class TestCalendarFeed:
    async def test_the_feed_holds_my_bookings_as_client_and_as_expert_and_no_others(
        self, api: httpx.AsyncClient
    ) -> None:
        me = await factories.expert(api, "Me Myself")
        my_event = await factories.event_type(api, me)
        other = await factories.expert(api)
        other_event = await factories.event_type(api, other)
        day = factories.future_day(3)
        with_me = await factories.book(api, my_event, factories.at(day, 9))
        made_by_me = await factories.book(
            api, other_event, factories.at(day, 11), headers=me["headers"]
        )
        cancelled = await factories.book(
            api, other_event, factories.at(day, 13), headers=me["headers"]
        )
        await api.patch(
            f"/api/bookings/{cancelled['id']}",
            json={"status": "cancelled"},
            headers=me["headers"],
        )
        await factories.book(api, other_event, factories.at(day, 15))  # not mine

        feed = await api.get("/api/calendar-feed", headers=me["headers"])
        assert feed.status_code == 200, feed.text
        urls = feed.json()
        assert urls["webcalUrl"] == "webcal://" + urls["url"].split("://", 1)[1]
        assert urls["url"].endswith(".ics")
        again = await api.get("/api/calendar-feed", headers=me["headers"])
        assert again.json() == urls, "the same address until rotated"

        assert await feed_uids(api, urls["url"]) == {
            f"{with_me['id']}@expertbook",
            f"{made_by_me['id']}@expertbook",
        }

    async def test_rotating_the_token_makes_the_old_address_404(
        self, api: httpx.AsyncClient
    ) -> None:
        me = await factories.register(api)
        old = (await api.get("/api/calendar-feed", headers=me["headers"])).json()["url"]
        rotated = await api.post("/api/calendar-feed/rotate", headers=me["headers"])
        assert rotated.status_code == 200
        new = rotated.json()["url"]
        assert new != old
        old_path = "/" + old.split("://", 1)[1].split("/", 1)[1]
        gone = await api.get(old_path)
        assert gone.status_code == 404
        assert gone.json()["error"]["code"] == "not_found"
        assert await feed_uids(api, new) == set()

    async def test_a_made_up_token_is_404_and_the_address_needs_a_sign_in(
        self, api: httpx.AsyncClient
    ) -> None:
        assert (await api.get("/api/calendar/not-a-real-token.ics")).status_code == 404
        assert (await api.get("/api/calendar-feed")).status_code == 401
