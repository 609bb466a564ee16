"""Validation errors as sentences a person can act on; the machine form stays in `type`.

Pydantic describes what failed in terms of types and patterns ("String should match
pattern '^[a-z0-9]+…'"). People need to hear which field and what to type instead.
"""

import re
from collections.abc import Callable
from typing import Any

from expertbook.kit.i18n import Message

# Names whose words alone would read oddly.
_LABELS = {
    "email": "Email",
    "eventTypeId": "Event type",
    "timezone": "Time zone",
    "slug": "The link name (slug)",
    "username": "Username",
    "start": "Start time",
    "end": "End",
    "weekday": "Weekday",
}
# Fields whose format needs an example, not a pattern.
_FORMATS = {
    "slug": Message("Use lowercase letters, digits and single dashes, for example intro-call."),
    "phone": Message("Use digits, spaces and + ( ) . / -, for example +1 212 555 0100."),
}


def label(field: str) -> str:
    """`durationMinutes` → "Duration (in minutes)", `eventTypeId` → "Event type".

    English only: a translation of a sentence leaves the field's name out, as the web app
    shows each sentence beside its field.
    """
    name = field.rsplit(".", 1)[-1]
    if name in _LABELS:
        return _LABELS[name]
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower().split()
    if not words or name.isdigit():
        return "This value"
    if len(words) > 1 and words[-1] == "minutes":
        return f"{' '.join(words[:-1]).capitalize()} (in minutes)"
    return " ".join(words).capitalize()


def _own_words(error: dict[str, Any]) -> Message:
    """Our own validators' words: the Message they raised, or their text as a sentence."""
    raised = (error.get("ctx") or {}).get("error")
    if raised is not None and raised.args and isinstance(raised.args[0], Message):
        return raised.args[0]
    message = str(error.get("msg", ""))
    text = message.removeprefix("Value error, ").removeprefix("Assertion failed, ").strip()
    text = text[:1].upper() + text[1:]
    if not text.endswith((".", "!", "?")):
        text += "."
    return Message(text)


def _too_short(name: str, ctx: dict[str, Any]) -> Message:
    minimum = ctx.get("min_length", 1)
    if minimum <= 1:
        return Message("{name} cannot be empty.", name=name)
    return Message("{name} needs at least {count} characters.", name=name, count=minimum)


def _too_long(name: str, ctx: dict[str, Any]) -> Message:
    maximum = ctx.get("max_length")
    if maximum == 1:
        return Message("{name} can have at most 1 character.", name=name)
    return Message("{name} can have at most {count} characters.", name=name, count=maximum)


def _whole_number(name: str, _: dict[str, Any]) -> Message:
    return Message("{name} must be a whole number.", name=name)


def _true_or_false(name: str, _: dict[str, Any]) -> Message:
    return Message("{name} must be true or false.", name=name)


def _an_id(name: str, _: dict[str, Any]) -> Message:
    return Message("{name} is not a valid id.", name=name)


def _a_date(name: str, _: dict[str, Any]) -> Message:
    return Message("{name} must be a date such as 2026-12-01.", name=name)


def _a_moment(name: str, _: dict[str, Any]) -> Message:
    return Message("{name} must be a date and time such as 2026-12-01T10:00:00+01:00.", name=name)


def _one_of(name: str, ctx: dict[str, Any]) -> Message:
    return Message("{name} must be one of {expected}.", name=name, expected=ctx.get("expected"))


def _an_object(name: str, _: dict[str, Any]) -> Message:
    return Message("{name} must be an object.", name=name)


_SENTENCES: dict[str, Callable[[str, dict[str, Any]], Message]] = {
    "missing": lambda name, _: Message("{name} is required.", name=name),
    "string_too_short": _too_short,
    "string_too_long": _too_long,
    "too_long": lambda name, ctx: Message(
        "{name} can have at most {count} items.", name=name, count=ctx.get("max_length")
    ),
    "greater_than_equal": lambda name, ctx: Message(
        "{name} must be at least {limit}.", name=name, limit=ctx.get("ge")
    ),
    "greater_than": lambda name, ctx: Message(
        "{name} must be more than {limit}.", name=name, limit=ctx.get("gt")
    ),
    "less_than_equal": lambda name, ctx: Message(
        "{name} must be at most {limit}.", name=name, limit=ctx.get("le")
    ),
    "less_than": lambda name, ctx: Message(
        "{name} must be less than {limit}.", name=name, limit=ctx.get("lt")
    ),
    "int_parsing": _whole_number,
    "int_type": _whole_number,
    "int_from_float": _whole_number,
    "bool_parsing": _true_or_false,
    "bool_type": _true_or_false,
    "string_type": lambda name, _: Message("{name} must be text.", name=name),
    "uuid_parsing": _an_id,
    "uuid_type": _an_id,
    "date_parsing": _a_date,
    "date_from_datetime_parsing": _a_date,
    "datetime_parsing": _a_moment,
    "datetime_from_date_parsing": _a_moment,
    "timezone_aware": lambda name, _: Message(
        "{name} needs a time zone offset, for example 2026-12-01T10:00:00+01:00.", name=name
    ),
    "literal_error": _one_of,
    "enum": _one_of,
    "list_type": lambda name, _: Message("{name} must be a list.", name=name),
    "dict_type": _an_object,
    "model_type": _an_object,
    "model_attributes_type": _an_object,
    "extra_forbidden": lambda name, _: Message(
        "{name} is not a field this request accepts.", name=name
    ),
}


def sentence(field: str, error: dict[str, Any]) -> Message:
    """One validation error of `field`, in words for a person."""
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    name = label(field) if field else "The request"
    if kind == "string_pattern_mismatch":
        return _FORMATS.get(
            field.rsplit(".", 1)[-1], Message("{name} is not in the expected format.", name=name)
        )
    if kind == "value_error" and "email address" in str(error.get("msg", "")):
        return Message("Please enter a valid email address, such as name@example.com.")
    if kind in ("value_error", "assertion_error"):
        return _own_words(error)
    describe = _SENTENCES.get(kind)
    return describe(name, ctx) if describe else Message("{name} is not valid.", name=name)
