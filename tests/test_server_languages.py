"""The server's languages: which one a request asks for, catalogs that say every message
the code writes (with no placeholder of their own), and refusals in the asker's language."""

import ast
import json
import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from expertbook.errors import Unprocessable
from expertbook.kit import message_catalogs
from expertbook.kit.i18n import LANGUAGES, Message, negotiate, words
from tests import factories
from tests.auth.test_accounts import assert_error

GERMAN = {"Accept-Language": "de"}
QUESTION = {"id": "topic", "label": "Worum geht es?", "kind": "text", "required": True}


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("de", "de"),
        ("de-AT", "de"),
        ("DE-de", "de"),
        ("fr-FR, de;q=0.5, en;q=0.4", "de"),
        ("en;q=0.2, de;q=0.8", "de"),
        ("de;q=0, en", "en"),
        ("fr, it", "en"),
        ("*", "en"),
        ("de;q=nonsense, en;q=0.5", "en"),
        (",;,=", "en"),
    ],
)
def test_a_request_gets_the_first_language_it_accepts_that_we_speak(
    header: str | None, language: str
) -> None:
    assert negotiate(header) == language


def _messages_in_code() -> set[str | tuple[str, str]]:
    return {message.id for message in message_catalogs.extract() if message.id}


def _placeholders(message: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", message))


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_each_catalog_translates_every_message_with_its_placeholders(language: str) -> None:
    catalog = message_catalogs.read(language)
    entries = {message.id: message for message in catalog if message.id}
    in_code = _messages_in_code()
    assert in_code, "the code's messages were found"
    assert set(entries) == in_code, "run `make messages` and translate what it adds"
    for message_id, entry in entries.items():
        assert not entry.fuzzy, message_id
        ids = message_id if isinstance(message_id, tuple) else (message_id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(strings), f"untranslated: {message_id}"
        for translated in strings:
            # A translation may leave a value out (a field's English name), never invent one.
            assert _placeholders(translated) <= _placeholders(ids[0]), message_id


def _marked_literals() -> set[str]:
    """The first argument of every call of a marker (`_`, `Message`, an error class…) that
    is written out in the code."""
    marks = set(message_catalogs.keywords())
    found = set()
    for path in message_catalogs.SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            function = node.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
            first = node.args[0]
            if name in marks and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def test_every_message_written_in_the_code_is_extracted() -> None:
    """Babel's extractor loses a message marked inside another marked call (as in an
    error's details): it would stay English, and the catalog test above would not see it."""
    extracted = {
        message if isinstance(message, str) else message[0] for message in _messages_in_code()
    }
    lost = sorted(_marked_literals() - extracted)
    assert not lost, f"mark these apart, before the call that holds them: {lost}"


def test_a_language_no_longer_spoken_reads_english() -> None:
    assert words("xx")._("Reminder: {title}", title="Yoga") == "Reminder: Yoga"
    assert words("de")._("Reminder: {title}", title="Yoga") == "Erinnerung: Yoga"
    assert words("de").plural("in {count} hour", "in {count} hours", 2) == "in 2 Stunden"


class TestErrorsInTheAskersLanguage:
    async def test_refusals_read_in_german_with_their_values_and_english_by_default(
        self, client: httpx.AsyncClient
    ) -> None:
        missing = f"/api/bookings/{uuid.uuid4()}"
        german = await client.get(missing, headers=GERMAN)
        assert german.json()["error"] == {
            "code": "not_found",
            "message": "Diese Buchung gibt es nicht.",
            "details": None,
        }
        english = await client.get(missing)
        assert english.json()["error"]["message"] == "No such booking."
        # A cache keeps each language's answer apart.
        assert "Accept-Language" in german.headers["Vary"]

        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, questions=[QUESTION])
        start = factories.at(factories.future_day(), 10)
        body = {"eventTypeId": event["id"], "start": start, "name": "Kim", "email": "k@x.io"}
        unanswered = await client.post("/api/bookings", json=body, headers=GERMAN)
        assert unanswered.status_code == 422
        assert (
            unanswered.json()["error"]["message"]
            == "Einige Antworten brauchen noch Ihre Aufmerksamkeit."
        )
        assert unanswered.json()["error"]["details"] == [
            {"field": "answers.topic", "message": "Beantworten Sie „Worum geht es?“."}
        ]

        body["answers"] = {"topic": "Steuern"}
        booked = await factories.book(
            client, event, start, name="Kim", email="k@x.io", answers=body["answers"]
        )
        taken = await client.post("/api/bookings", json=body | {"email": "z@x.io"}, headers=GERMAN)
        assert_error(taken, 409, "slot_taken")
        assert (
            taken.json()["error"]["message"]
            == "Diese Zeit wurde gerade vergeben. Bitte wählen Sie eine andere."
        )

        url = f"/api/bookings/{booked['id']}"
        cancel = {"status": "cancelled"}
        assert (await client.patch(url, json=cancel, headers=owner["headers"])).status_code == 200
        decline = await client.patch(
            url, json={"status": "declined"}, headers=owner["headers"] | GERMAN
        )
        assert_error(decline, 409, "invalid_transition")
        assert decline.json()["error"]["message"] == (
            "Eine Buchung, die storniert ist, kann nicht abgelehnt werden."
        )
        english = await client.patch(url, json={"status": "declined"}, headers=owner["headers"])
        assert english.json()["error"]["message"] == (
            "A booking that is cancelled cannot become declined."
        )

    async def test_the_frameworks_own_refusals_read_in_german_too(
        self, client: httpx.AsyncClient
    ) -> None:
        malformed = await client.post(
            "/api/auth/login",
            content=b"{not json",
            headers=GERMAN | {"Content-Type": "application/json"},
        )
        assert_error(malformed, 422, "malformed_json")
        assert malformed.json()["error"]["message"] == "Die Anfrage ist kein gültiges JSON."
        not_allowed = await client.put("/api/auth/login", headers=GERMAN)
        assert_error(not_allowed, 405, "method_not_allowed")
        assert not_allowed.json()["error"]["message"] == "Diese Methode ist hier nicht erlaubt."
        unauthorized = await client.get("/api/auth/me", headers=GERMAN)
        assert unauthorized.json()["error"]["message"] == "Bitte melden Sie sich an."

    async def test_validation_reads_in_german_field_by_field(
        self, client: httpx.AsyncClient
    ) -> None:
        short = {"name": "Ada", "email": "ada@example.com", "password": "kurz"}
        response = await client.post("/api/auth/register", json=short, headers=GERMAN)
        error = assert_error(response, 422, "validation_error")
        assert error["message"] == "Bitte verwenden Sie mindestens 8 Zeichen."
        assert error["details"] == [
            {
                "field": "password",
                "message": "Bitte verwenden Sie mindestens 8 Zeichen.",
                "type": "string_too_short",
            }
        ]
        owner = await factories.expert(client)
        both = {
            "timezone": "Mars/Olympus",
            "weekly": [{"weekday": 0, "start": "9", "end": "10:00"}],
        }
        response = await client.put(
            "/api/experts/me/availability", json=both, headers=owner["headers"] | GERMAN
        )
        error = assert_error(response, 422, "validation_error")
        assert error["message"] == "Bitte korrigieren Sie die markierten Felder."
        messages = {detail["field"]: detail["message"] for detail in error["details"]}
        assert messages["timezone"] == (
            "„Mars/Olympus“ ist keine Zeitzone, die wir kennen. "
            "Verwenden Sie einen Namen wie Europe/Berlin."
        )
        assert messages["weekly.0.start"].startswith("Verwenden Sie HH:MM im 24-Stunden-Format")
        english = await client.put(
            "/api/experts/me/availability", json=both, headers=owner["headers"]
        )
        assert english.json()["error"]["message"].startswith("Please correct these fields: ")

    async def test_refusals_before_any_route_read_in_german_too(
        self, client: httpx.AsyncClient
    ) -> None:
        big = b'{"name": "' + b"x" * (1024 * 1024 + 10) + b'"}'
        headers = GERMAN | {"Content-Type": "application/json"}
        too_large = await client.post("/api/auth/register", content=big, headers=headers)
        error = assert_error(too_large, 413, "payload_too_large")
        assert error["message"] == "Die Anfrage ist größer als 1 MB."
        control = await client.get("/api/directory", params={"q": "a\x07b"}, headers=GERMAN)
        error = assert_error(control, 422, "validation_error")
        assert error["message"] == "Text darf keine Steuerzeichen (wie NUL) enthalten."
        assert error["details"] == [{"field": "query", "message": error["message"]}]

    async def test_answers_the_web_app_shows_read_in_german_too(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        deleted = await client.delete(
            f"/api/event-types/{event['id']}", headers=owner["headers"] | GERMAN
        )
        assert deleted.json() == {"result": "deleted", "message": "Die Terminart wurde gelöscht."}
        refused = await client.post(
            "/api/webhooks",
            json={"url": "https://127.0.0.1/hook", "events": ["booking.created"]},
            headers=owner["headers"] | GERMAN,
        )
        error = assert_error(refused, 422, "webhook_url_refused")
        message = "Webhooks dürfen keine privaten, Loopback- oder Link-Local-Adressen aufrufen."
        assert error["message"] == message
        assert error["details"] == [{"field": "url", "message": message}]


def test_a_moment_in_a_refusal_reads_in_the_askers_language() -> None:
    moment = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    refusal = Unprocessable("The deadline was {deadline}.", deadline=moment)
    assert refusal.message == "The deadline was Wed 25 Nov 2026, 09:00."
    state = Message("cancelled")
    assert Message("It is {state}.", state=state).in_words(words("de")) == "It is storniert."


def test_a_stored_message_reads_in_each_language_with_its_values() -> None:
    """As a calendar's last error is kept: template and values in a JSON column."""
    error = Message(
        "The calendar server answered an error ({reason}).",
        reason=Message("The feed redirected too many times."),
    )
    kept = json.loads(json.dumps(error.stored_values()))
    again = Message.stored(error.template, kept)
    assert (
        again
        == error
        == ("The calendar server answered an error (The feed redirected too many times.).")
    )
    assert again.in_words(words("de")) == (
        "Der Kalenderserver hat mit einem Fehler geantwortet (Der Feed hat zu oft weitergeleitet.)."
    )
    status = Message("The feed answered HTTP {status}.", status=404)
    assert Message.stored(status.template, status.stored_values()).in_words(words("de")) == (
        "Der Feed hat mit HTTP 404 geantwortet."
    )
    # Text kept before values were (or one with none) reads as it was.
    assert Message.stored("The feed answered HTTP 500.", None) == "The feed answered HTTP 500."
    with pytest.raises(TypeError):
        Message(
            "The deadline was {deadline}.", deadline=datetime.now(ZoneInfo("UTC"))
        ).stored_values()
