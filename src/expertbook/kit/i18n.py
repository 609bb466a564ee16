"""The languages ExpertBook writes to people in, and each one's words and dates.

The web app speaks the same languages and sends the one on screen as `Accept-Language`
with every request: the server answers in it (refusals are Messages, worded by the error
handlers), and what it writes later (emails, reminders, calendar files) is in the
language stored with the person it goes to. The words are gettext catalogs in
`expertbook/locales` (English is the source); `make messages` extracts them again.
"""

import functools
import gettext
import io
from datetime import datetime
from importlib import resources
from typing import Annotated, Any, Literal, get_args

from babel.core import negotiate_locale
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Depends, Request

from expertbook.kit.weighted_header import weighted_values

Language = Literal["en", "de"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "en"
CATALOG_DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a message for `make messages` where it is translated later, by `Words._`."""
    return message


def negotiate(accept_language: str | None) -> Language:
    """The first of the header's languages (by weight) that we speak, else English."""
    weighted = weighted_values(accept_language)
    preferred = [tag for tag, weight in sorted(weighted, key=lambda item: -item[1]) if weight > 0]
    chosen = negotiate_locale(preferred, LANGUAGES, sep="-")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def request_language(request: Request) -> Language:
    return negotiate(request.headers.get("accept-language"))


RequestLanguage = Annotated[Language, Depends(request_language)]


@functools.cache
def _translations(language: Language) -> gettext.NullTranslations:
    """The language's catalog, compiled in memory from its .po file once per process."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    po = resources.files("expertbook") / "locales" / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=CATALOG_DOMAIN)


class Words:
    """Words and dates in one language: `_` and `plural` translate, `date` formats."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._catalog = _translations(language)

    def _(self, message: str, **values: object) -> str:
        """`message` in this language, its `{name}` placeholders filled from `values` (a
        message without values is not formatted: it may hold braces of its own)."""
        translated = self._catalog.gettext(message)
        return translated.format(**values) if values else translated

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        return self._catalog.ngettext(singular, plural, count).format(count=count, **values)

    def date(self, moment: datetime, pattern: str) -> str:
        """`moment` by a CLDR pattern, itself a message (languages order dates their own way)."""
        return format_datetime(moment, self._(pattern), locale=self.language)


def words(language: str) -> Words:
    """The words of a stored language; one no longer spoken here reads English."""
    return Words(language if language in LANGUAGES else DEFAULT_LANGUAGE)


# How a moment put into a message reads, e.g. "Wed 25 Nov 2026, 09:00".
MOMENT = N_("EEE d MMM y, HH:mm")


class Message(str):
    """Words translated where they are read: a message with `{name}` placeholders and their
    values. As a str it is the English text. A value that is a Message is translated too,
    a datetime is written in its own zone (MOMENT); any other value goes in as it is."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> "Message":
        text = super().__new__(cls, _fill(template, values, Words(DEFAULT_LANGUAGE)))
        text.template, text.values = template, values
        return text

    def in_words(self, words: Words) -> str:
        return _fill(self.template, self.values, words)

    def stored_values(self) -> dict[str, object]:
        """The values as a JSON column keeps them, to word the message again for each
        reader (`Message.stored`): text and numbers as they are, a Message as a dict."""

        def keep(value: object) -> object:
            if isinstance(value, Message):
                return {"template": value.template, "values": value.stored_values()}
            if isinstance(value, str | int | float):
                return value
            raise TypeError(f"A stored message cannot keep a {type(value).__name__}.")

        return {name: keep(value) for name, value in self.values.items()}

    @classmethod
    def stored(cls, template: str, values: dict[str, Any] | None) -> "Message":
        """The message kept as `template` and `stored_values()`."""

        def load(value: Any) -> object:
            return (
                cls.stored(value["template"], value["values"]) if isinstance(value, dict) else value
            )

        return cls(template, **{name: load(value) for name, value in (values or {}).items()})


def _fill(template: str, values: dict[str, object], words: Words) -> str:
    def put(value: object) -> object:
        if isinstance(value, Message):
            return value.in_words(words)
        return words.date(value, MOMENT) if isinstance(value, datetime) else value

    return words._(template, **{name: put(value) for name, value in values.items()})
