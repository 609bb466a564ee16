"""The expert directory: profiles worth finding, search, filters, ranking and pages.
On SQLite (FTS5) and PostgreSQL (tsvector)."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import event, update

from expertbook.directory.next_free import refresh_next_free
from expertbook.kit.cursor import encode
from expertbook.models import Expert
from tests import factories
from tests.auth.test_accounts import assert_error
from tests.directory.helpers import directory, listed_expert, names


class TestProfile:
    async def test_topics_languages_and_listing_are_saved(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client, "Tess Tagger", username="tess")
        response = await client.patch(
            "/api/experts/me",
            json={
                "topics": ["  Tax   Law ", "python", "PYTHON"],
                "languages": ["EN", "de"],
                "listed": True,
            },
            headers=owner["headers"],
        )
        assert response.status_code == 200, response.text
        me = response.json()
        assert me["topics"] == ["tax law", "python"]
        assert me["languages"] == ["en", "de"]
        assert me["listed"] is True
        public = (await client.get("/api/experts/tess")).json()
        assert public["topics"] == ["tax law", "python"]
        assert public["languages"] == ["en", "de"]
        assert public["avatarUrl"] is None
        assert public["rating"] == {"average": None, "count": 0}

    async def test_a_new_expert_is_not_listed(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client, "Quiet Person")
        assert owner["expert"]["listed"] is False
        assert await names(client) == []
        # The public page works all the same.
        public = await client.get(f"/api/experts/{owner['expert']['username']}")
        assert public.status_code == 200

    async def test_bad_topics_and_languages_change_nothing(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        too_many = [f"topic {n}" for n in range(11)]
        for body in (
            {"topics": too_many},
            {"topics": ["x" * 41]},
            {"topics": ["   "]},
            {"languages": ["english"]},
            {"languages": ["e1"]},
            {"listed": "maybe"},
        ):
            response = await client.patch("/api/experts/me", json=body, headers=owner["headers"])
            assert_error(response, 422, "validation_error")
        me = (await client.get("/api/experts/me", headers=owner["headers"])).json()
        assert me["topics"] == [] and me["languages"] == [] and me["listed"] is False


class TestSearch:
    async def test_a_topic_match_ranks_above_a_bio_mention(self, client: httpx.AsyncClient) -> None:
        await listed_expert(client, "Bio Mention", bio="I sometimes write Python at work.")
        await listed_expert(client, "Topic Match", topics=["python", "data"])
        await listed_expert(client, "Unrelated", topics=["tax law"], bio="Taxes in Germany.")
        assert await names(client, q="python") == ["Topic Match", "Bio Mention"]

    async def test_name_headline_prefix_and_every_word(self, client: httpx.AsyncClient) -> None:
        await listed_expert(client, "Greta Garbo", headline="Career coaching for engineers")
        await listed_expert(client, "Carl Coach", headline="Tax advice")
        assert await names(client, q="greta") == ["Greta Garbo"]
        assert sorted(await names(client, q="coach")) == ["Carl Coach", "Greta Garbo"]
        assert await names(client, q="career coa") == ["Greta Garbo"]
        assert await names(client, q="tax coaching") == []

    async def test_a_renamed_expert_is_found_by_the_new_name(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await listed_expert(client, "Old Name")
        response = await client.patch(
            "/api/auth/me", json={"name": "Fresh Moniker"}, headers=owner["headers"]
        )
        assert response.status_code == 200, response.text
        assert await names(client, q="moniker") == ["Fresh Moniker"]
        assert await names(client, q="old") == []

    async def test_operators_and_symbols_are_plain_text(self, client: httpx.AsyncClient) -> None:
        await listed_expert(client, "Plain Person", topics=["python"])
        for q in ('python" OR "x', "pyth*on & !", "NEAR(a b)", "::*", "'; DROP TABLE experts; --"):
            response = await client.get("/api/experts", params={"q": q})
            assert response.status_code == 200, (q, response.text)
        assert await names(client, q="!!!") == ["Plain Person"]  # no words: no text filter

    async def test_unlisted_experts_are_not_found(self, client: httpx.AsyncClient) -> None:
        await listed_expert(client, "Hidden Pythonista", topics=["python"], listed=False)
        assert await names(client, q="python") == []


class TestFilters:
    async def test_topic_and_language_are_exact(self, client: httpx.AsyncClient) -> None:
        await listed_expert(client, "Web Person", topics=["python web"], languages=["en"])
        await listed_expert(client, "Py Person", topics=["python"], languages=["de", "en"])
        assert await names(client, topic="Python") == ["Py Person"]
        assert await names(client, language="de") == ["Py Person"]
        assert sorted(await names(client, language="en")) == ["Py Person", "Web Person"]
        assert await names(client, topic="python", language="fr") == []

    async def test_popular_topics(self, client: httpx.AsyncClient) -> None:
        await listed_expert(client, "One", topics=["python", "sql"])
        await listed_expert(client, "Two", topics=["python"])
        await listed_expert(client, "Three", topics=["secret"], listed=False)
        response = await client.get("/api/topics")
        assert response.json() == [
            {"topic": "python", "experts": 2},
            {"topic": "sql", "experts": 1},
        ]

    async def test_available_within_days_and_the_next_free_slot(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        free = await listed_expert(client, "Free Soon")
        await listed_expert(client, "No Sessions", sessions=0)
        # Free only on the weekday five days from now: never within three days.
        weekday = (datetime.now(UTC) + timedelta(days=5)).weekday()
        await listed_expert(
            client,
            "Later Only",
            weekly=[{"weekday": weekday, "start": "09:00", "end": "10:00"}],
        )
        before = (await directory(client))["items"]
        assert [(i["nextFreeSlot"], i["nextFreeKnown"]) for i in before] == [(None, False)] * 3
        refreshed = await refresh_next_free(app.state.database)
        assert refreshed == 3
        page = await directory(client, availableWithinDays=3)
        assert [item["name"] for item in page["items"]] == ["Free Soon"]
        slot = datetime.fromisoformat(page["items"][0]["nextFreeSlot"])
        assert datetime.now(UTC) < slot < datetime.now(UTC) + timedelta(days=1)
        # The session types come along, without anything about money.
        types = page["items"][0]["sessionTypes"]
        assert [t["id"] for t in types] == [free["events"][0]["id"]]
        assert set(types[0]) == {"id", "title", "slug", "durationMinutes"}
        everyone = (await directory(client, sort="available"))["items"]
        assert [i["name"] for i in everyone] == ["Free Soon", "Later Only", "No Sessions"]
        assert [i["nextFreeKnown"] for i in everyone] == [True, True, True]
        assert everyone[2]["nextFreeSlot"] is None
        assert await refresh_next_free(app.state.database) == 0  # nothing changed since

    async def test_a_booking_makes_the_next_free_slot_stale(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        owner = await listed_expert(client, "Busy Soon")
        await refresh_next_free(app.state.database)
        first = (await directory(client))["items"][0]["nextFreeSlot"]
        await factories.book(client, owner["events"][0], first)
        stale = (await directory(client))["items"][0]
        assert stale["nextFreeSlot"] is None and stale["nextFreeKnown"] is False
        assert await refresh_next_free(app.state.database) == 1
        second = (await directory(client))["items"][0]["nextFreeSlot"]
        assert datetime.fromisoformat(second) > datetime.fromisoformat(first)


async def _set_rating(app: FastAPI, expert_id: str, count: int, stars: int) -> None:
    async with app.state.database.write_sessions() as session, session.begin():
        await session.execute(
            update(Expert)
            .where(Expert.id == uuid.UUID(expert_id))
            .values(review_count=count, rating_sum=stars)
        )


class TestRanking:
    async def test_a_bayesian_average_outranks_a_lucky_few(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        lucky = await listed_expert(client, "One Lucky Review")
        steady = await listed_expert(client, "Many Good Reviews")
        newcomer = await listed_expert(client, "Newcomer")
        poor = await listed_expert(client, "Poor Reviews")
        await _set_rating(app, lucky["expert"]["id"], 1, 5)
        await _set_rating(app, steady["expert"]["id"], 40, 190)  # 4.75
        await _set_rating(app, poor["expert"]["id"], 3, 3)  # 1.0
        assert newcomer["expert"]["id"]
        assert await names(client) == [
            "Many Good Reviews",
            "One Lucky Review",
            "Newcomer",
            "Poor Reviews",
        ]
        first = (await directory(client))["items"][0]
        assert first["rating"] == {"average": 4.75, "count": 40}


class TestPages:
    async def test_at_most_three_queries_whatever_the_page_size(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        for n in range(12):
            await listed_expert(client, f"Expert {n}", topics=["python"], sessions=2)
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(args[2])

        engine = app.state.database.engine.sync_engine
        await directory(client)  # connections are warm
        event.listen(engine, "before_cursor_execute", count)
        try:
            for params in ({"limit": 2}, {"limit": 12}, {"limit": 5, "q": "python"}):
                statements.clear()
                page = await directory(client, **params)
                assert len(page["items"]) == params["limit"]
                assert all(len(item["sessionTypes"]) == 2 for item in page["items"])
                assert len(statements) <= 3, statements
                statements.clear()
                await directory(client, **params, cursor=page["nextCursor"])
                assert len(statements) <= 3, statements
        finally:
            event.remove(engine, "before_cursor_execute", count)

    async def test_pages_stay_stable_while_experts_are_added(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        original = [await listed_expert(client, f"Original {n}") for n in range(7)]
        await _set_rating(app, original[0]["expert"]["id"], 4, 20)
        await _set_rating(app, original[1]["expert"]["id"], 2, 2)
        seen: list[str] = []
        page = await directory(client, limit=3)
        seen += [item["id"] for item in page["items"]]
        added = 0
        while page["nextCursor"]:
            # Newcomers rank anywhere: ahead of the cursor, behind it, or beside it.
            new = await listed_expert(client, f"Added {added}")
            await _set_rating(app, new["expert"]["id"], 1, 5 if added % 2 else 1)
            added += 1
            page = await directory(client, limit=3, cursor=page["nextCursor"])
            seen += [item["id"] for item in page["items"]]
        assert len(seen) == len(set(seen))
        assert {o["expert"]["id"] for o in original} <= set(seen)

    async def test_search_pages_stay_stable_while_matching_experts_join(
        self, client: httpx.AsyncClient
    ) -> None:
        # Few match among many: a ranking that depended on the corpus (bm25's idf) would
        # move every score as matching experts join, and the cursor would lose its place.
        originals = [
            await listed_expert(client, f"Rustacean {n}", topics=["rust"], bio="fine " * n)
            for n in range(5)
        ]
        for n in range(15):
            await listed_expert(client, f"Gopher {n}", topics=["go"])
        seen: list[str] = []
        page = await directory(client, q="rust", limit=2)
        seen += [item["id"] for item in page["items"]]
        added = 0
        while page["nextCursor"]:
            await listed_expert(client, f"Newcomer {added}", topics=["rust"], headline="rust")
            added += 1
            page = await directory(client, q="rust", limit=2, cursor=page["nextCursor"])
            seen += [item["id"] for item in page["items"]]
        assert len(seen) == len(set(seen))
        assert {o["expert"]["id"] for o in originals} <= set(seen)

    async def test_every_page_of_a_search(self, client: httpx.AsyncClient) -> None:
        for n in range(5):
            await listed_expert(client, f"Searcher {n}", topics=["rust"])
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"q": "rust", "limit": 2}
            if cursor:
                params["cursor"] = cursor
            page = await directory(client, **params)
            seen += [item["name"] for item in page["items"]]
            cursor = page["nextCursor"]
            if not cursor:
                break
        assert sorted(seen) == [f"Searcher {n}" for n in range(5)]

    async def test_bad_cursors_and_parameters_are_422(self, client: httpx.AsyncClient) -> None:
        await listed_expert(client, "A")
        await listed_expert(client, "B")
        cursor = (await directory(client, limit=1))["nextCursor"]
        forged = [
            {"s": "rank:-", "m": "x", "k": []},
            {"s": "rank:-", "m": 1e308 * 10, "k": []},
            {"s": "rank:-", "m": 10**400, "k": [1, "2026-12-01T00:00:00", str(uuid.uuid4())]},
            {"s": "rank:-", "m": 3.0, "k": [1.0, "2026-12-01T00:00:00", str(uuid.uuid4())]},
            {"s": "rank:-", "m": 3.0, "k": [[1], "2026-12-01T00:00:00+00:00", "x"]},
            {"s": "rank:-", "m": 3.0, "k": [10**400, "2026-12-01T00:00:00+00:00", "x"]},
            {"s": "rank:-", "m": 3.0},
            [],
        ]
        for payload in forged:
            response = await client.get("/api/experts", params={"cursor": encode(payload)})
            assert response.status_code == 422, (payload, response.text)
            # A very long one is refused by its length already.
            assert response.json()["error"]["code"] in ("invalid_cursor", "validation_error")
        for params in (
            {"cursor": "not-a-cursor"},
            {"cursor": "eyJzIjoxfQ"},
            {"cursor": cursor, "q": "a"},  # another search's page
            {"cursor": cursor, "sort": "available"},
            {"availableWithinDays": 0},
            {"availableWithinDays": 99},
            {"sort": "price"},
            {"limit": 0},
        ):
            response = await client.get("/api/experts", params=params)
            assert response.status_code == 422, (params, response.text)
            assert response.json()["error"]["code"] in ("invalid_cursor", "validation_error")


class TestNextFreeRefresh:
    async def test_one_broken_expert_does_not_hold_up_the_others(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        broken = await listed_expert(client, "Broken Hours")
        await listed_expert(client, "Fine Hours")
        async with app.state.database.write_sessions() as session, session.begin():
            await session.execute(
                update(Expert)
                .where(Expert.id == uuid.UUID(broken["expert"]["id"]))
                .values(timezone="Not/AZone")
            )
        assert await refresh_next_free(app.state.database) == 2
        items = {i["name"]: i for i in (await directory(client))["items"]}
        assert items["Fine Hours"]["nextFreeSlot"] is not None
        assert items["Broken Hours"]["nextFreeSlot"] is None
