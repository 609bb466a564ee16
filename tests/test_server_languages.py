"""The server's languages: which one a request asks for, and catalogs that say every
message the code writes, with the same placeholders."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from expertbook.kit.i18n import LANGUAGES, negotiate, words

SOURCE = Path(__file__).parent.parent / "src" / "expertbook"
KEYWORDS = {"_": None, "plural": (1, 2), "N_": None}


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
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(SOURCE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _placeholders(message: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", message))


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_each_catalog_translates_every_message_with_its_placeholders(language: str) -> None:
    path = SOURCE / "locales" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
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
            assert _placeholders(translated) == _placeholders(ids[0]), message_id


def test_a_language_no_longer_spoken_reads_english() -> None:
    assert words("xx")._("Reminder: {title}", title="Yoga") == "Reminder: Yoga"
    assert words("de")._("Reminder: {title}", title="Yoga") == "Erinnerung: Yoga"
    assert words("de").plural("in {count} hour", "in {count} hours", 2) == "in 2 Stunden"
