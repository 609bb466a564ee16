"""Of many simultaneous attempts on overlapping times, exactly one wins: on both databases."""

import asyncio
from collections import Counter

import httpx
from sqlalchemy import text

from tests.factories import at, book, event_type, expert, future_day


async def storm(client: httpx.AsyncClient, attempts: list[tuple[dict, str]]) -> Counter[int]:
    async def attempt(n: int, event: dict, start: str) -> int:
        body = {
            "eventTypeId": event["id"],
            "start": start,
            "name": f"C{n}",
            "email": f"c{n}@example.com",
        }
        return (await client.post("/api/bookings", json=body)).status_code

    results = await asyncio.gather(*(attempt(n, e, s) for n, (e, s) in enumerate(attempts)))
    return Counter(results)


async def confirmed_overlaps(engine) -> int:  # type: ignore[no-untyped-def]
    """Pairs of confirmed bookings of one expert that overlap, seats of one session aside."""
    async with engine.connect() as connection:
        return (
            await connection.execute(
                text(
                    "SELECT count(*) FROM bookings a JOIN bookings b ON a.id < b.id"
                    " AND a.expert_id = b.expert_id AND a.status = 'confirmed'"
                    " AND b.status = 'confirmed' AND a.buffered_start < b.buffered_end"
                    " AND b.buffered_start < a.buffered_end AND a.session_key <> b.session_key"
                )
            )
        ).scalar_one()


class TestSimultaneousBookings:
    async def test_fifty_attempts_on_one_slot_one_winner(
        self, client: httpx.AsyncClient, engine
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        results = await storm(client, [(event, at(future_day(), 10))] * 50)
        assert results == Counter({201: 1, 409: 49})
        assert await confirmed_overlaps(engine) == 0

    async def test_overlapping_slots_of_different_shapes_one_winner(
        self, client: httpx.AsyncClient, engine
    ) -> None:
        owner = await expert(client)
        hour = await event_type(client, owner, durationMinutes=60)
        half = await event_type(client, owner, durationMinutes=30)
        buffered = await event_type(
            client, owner, durationMinutes=15, slotIntervalMinutes=15, bufferBeforeMinutes=30
        )
        long = await event_type(client, owner, durationMinutes=45, slotIntervalMinutes=15)
        day = future_day()
        # Every one of these occupies 10:45–11:00, so any two overlap.
        shapes = [
            (hour, at(day, 10)),
            (half, at(day, 10, 30)),
            (buffered, at(day, 10, 45)),
            (long, at(day, 10, 15)),
        ]
        results = await storm(client, shapes * 12 + shapes[:2])
        assert results == Counter({201: 1, 409: 49})
        assert await confirmed_overlaps(engine) == 0

    async def test_adjacent_times_all_succeed_together(
        self, client: httpx.AsyncClient, engine
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        day = future_day()
        starts = [at(day, 9 + n // 2, 30 * (n % 2)) for n in range(10)]
        results = await storm(client, [(event, start) for start in starts])
        assert results == Counter({201: 10})
        assert await confirmed_overlaps(engine) == 0


class TestLockThenCheck:
    async def test_the_check_sees_what_the_previous_lock_holder_committed(
        self, client: httpx.AsyncClient, engine, backend
    ) -> None:  # type: ignore[no-untyped-def]
        """Without the exclusion constraint, only the lock-then-check stops a double booking:
        a request that waited for the lock must see the booking committed by its holder."""
        import pytest

        from expertbook.bookings.overlap import LOCK_NAMESPACE

        if backend != "postgresql":
            pytest.skip("SQLite has no backstop to remove; the storms above test its guard")
        owner = await expert(client)
        hour = await event_type(client, owner, durationMinutes=60)
        half = await event_type(client, owner, durationMinutes=30)
        day = future_day()
        first = await book(client, half, at(day, 9))  # a row to copy for the rival booking
        find = "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name"
        name = "ex_bookings_no_overlap"
        async with engine.begin() as connection:
            definition = (await connection.execute(text(find), {"name": name})).scalar_one()
            await connection.execute(text(f"ALTER TABLE bookings DROP CONSTRAINT {name}"))
        try:
            async with engine.connect() as holder:
                # A rival transaction holds the expert's lock and books 10:30–11:00 ...
                lock = "SELECT pg_advisory_xact_lock(:namespace, hashtext(:expert))"
                await holder.execute(
                    text(lock),
                    {"namespace": LOCK_NAMESPACE, "expert": owner["expert"]["id"]},
                )
                shifted = ", ".join(
                    f"{column} + interval '90 minutes'"
                    for column in ("start_at", "end_at", "buffered_start", "buffered_end")
                )
                await holder.execute(
                    text(
                        "INSERT INTO bookings (id, session_key, expert_id, event_type_id, status,"
                        " start_at, end_at, buffered_start, buffered_end, timezone, name, email,"
                        " meet_url, zoom_url, manage_token_hash, sequence, created_at, updated_at)"
                        " SELECT gen_random_uuid(), gen_random_uuid(), expert_id, event_type_id,"
                        f" status, {shifted},"
                        " timezone, name, email, meet_url || 'r', zoom_url || 'r',"
                        " manage_token_hash, 0, now(), now() FROM bookings WHERE id = :id"
                    ),
                    {"id": first["id"]},
                )
                # ... while a client asks for 10:00–11:00: it must wait for the lock ...
                attempt = asyncio.create_task(
                    client.post(
                        "/api/bookings",
                        json={
                            "eventTypeId": hour["id"],
                            "start": at(day, 10),
                            "name": "Late",
                            "email": "late@example.com",
                        },
                    )
                )
                await asyncio.sleep(0.3)
                assert not attempt.done()
                await holder.commit()
                # ... and then see the rival's booking.
                response = await attempt
            assert response.status_code == 409, response.text
            assert await confirmed_overlaps(engine) == 0
        finally:
            async with engine.begin() as connection:
                await connection.execute(text("DELETE FROM bookings"))
                await connection.execute(
                    text(f"ALTER TABLE bookings ADD CONSTRAINT {name} {definition}")
                )


class TestDatabaseBackstop:
    """On PostgreSQL the exclusion constraint refuses overlaps even behind the app's back."""

    async def test_overlapping_confirmed_rows_are_refused(
        self, client: httpx.AsyncClient, engine, backend
    ) -> None:
        import pytest
        from sqlalchemy.ext.asyncio import AsyncSession

        from expertbook.bookings.overlap import conflicts_as_slot_taken
        from expertbook.errors import SlotTaken

        if backend != "postgresql":
            pytest.skip("SQLite has no exclusion constraints; its guard is BEGIN IMMEDIATE")
        owner = await expert(client)
        event = await event_type(client, owner)
        first = (
            await client.post(
                "/api/bookings",
                json={
                    "eventTypeId": event["id"],
                    "start": at(future_day(), 10),
                    "name": "A",
                    "email": "a@example.com",
                },
            )
        ).json()
        shifted = ", ".join(
            f"{column} + interval '10 minutes'"
            for column in ("start_at", "end_at", "buffered_start", "buffered_end")
        )
        copy = (
            "INSERT INTO bookings (id, session_key, expert_id, event_type_id, status, start_at,"
            " end_at, buffered_start, buffered_end, timezone, name, email, meet_url, zoom_url,"
            " manage_token_hash, sequence, created_at, updated_at)"
            " SELECT gen_random_uuid(), gen_random_uuid(), expert_id, event_type_id, :status,"
            f" {shifted}, timezone,"
            " name, email, meet_url || :suffix, zoom_url || :suffix, manage_token_hash, 0,"
            " now(), now() FROM bookings WHERE id = :id"
        )
        async with AsyncSession(engine) as session:
            with pytest.raises(SlotTaken), conflicts_as_slot_taken():
                await session.execute(
                    text(copy), {"status": "confirmed", "suffix": "x", "id": first["id"]}
                )
            await session.rollback()
            # A cancelled booking may overlap anything.
            await session.execute(
                text(copy), {"status": "cancelled", "suffix": "y", "id": first["id"]}
            )
            await session.commit()


class TestLockWaits:
    async def test_postgres_connections_wait_for_a_lock_at_most_three_seconds(
        self, app, backend
    ) -> None:  # type: ignore[no-untyped-def]
        import pytest

        if backend != "postgresql":
            pytest.skip("lock_timeout is PostgreSQL's; SQLite waits through its busy timeout")
        async with app.state.database.engine.connect() as connection:
            # Within the 5 s that any statement may take: contention answers 409, not 503.
            assert (await connection.execute(text("SHOW lock_timeout"))).scalar() == "3s"

    async def test_postgres_connections_plan_each_statement_once(self, app, backend) -> None:  # type: ignore[no-untyped-def]
        import pytest

        if backend != "postgresql":
            pytest.skip("plan_cache_mode is PostgreSQL's")
        async with app.state.database.engine.connect() as connection:
            mode = (await connection.execute(text("SHOW plan_cache_mode"))).scalar()
            assert mode == "force_generic_plan"
