"""Validation errors as sentences a person can act on; the machine form stays in `type`.

Pydantic describes what failed in terms of types and patterns ("String should match
pattern '^[a-z0-9]+…'"). People need to hear which field and what to type instead.
"""

import re
from collections.abc import Callable
from typing import Any

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
    "slug": "Use lowercase letters, digits and single dashes, for example intro-call.",
    "phone": "Use digits, spaces and + ( ) . / -, for example +1 212 555 0100.",
}


def label(field: str) -> str:
    """`durationMinutes` → "Duration (in minutes)", `eventTypeId` → "Event type"."""
    name = field.rsplit(".", 1)[-1]
    if name in _LABELS:
        return _LABELS[name]
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower().split()
    if not words or name.isdigit():
        return "This value"
    if len(words) > 1 and words[-1] == "minutes":
        return f"{' '.join(words[:-1]).capitalize()} (in minutes)"
    return " ".join(words).capitalize()


def _own_words(message: str) -> str:
    """Our own validators' words, without pydantic's prefix, as a sentence."""
    text = message.removeprefix("Value error, ").removeprefix("Assertion failed, ").strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _characters(count: Any) -> str:
    return "1 character" if count == 1 else f"{count} characters"


def _too_short(name: str, ctx: dict[str, Any]) -> str:
    minimum = ctx.get("min_length", 1)
    if minimum <= 1:
        return f"{name} cannot be empty."
    return f"{name} needs at least {_characters(minimum)}."


_SENTENCES: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "missing": lambda name, _: f"{name} is required.",
    "string_too_short": _too_short,
    "string_too_long": lambda name, ctx: (
        f"{name} can have at most {_characters(ctx.get('max_length'))}."
    ),
    "too_long": lambda name, ctx: f"{name} can have at most {ctx.get('max_length')} items.",
    "greater_than_equal": lambda name, ctx: f"{name} must be at least {ctx.get('ge')}.",
    "greater_than": lambda name, ctx: f"{name} must be more than {ctx.get('gt')}.",
    "less_than_equal": lambda name, ctx: f"{name} must be at most {ctx.get('le')}.",
    "less_than": lambda name, ctx: f"{name} must be less than {ctx.get('lt')}.",
    "int_parsing": lambda name, _: f"{name} must be a whole number.",
    "int_type": lambda name, _: f"{name} must be a whole number.",
    "int_from_float": lambda name, _: f"{name} must be a whole number.",
    "bool_parsing": lambda name, _: f"{name} must be true or false.",
    "bool_type": lambda name, _: f"{name} must be true or false.",
    "string_type": lambda name, _: f"{name} must be text.",
    "uuid_parsing": lambda name, _: f"{name} is not a valid id.",
    "uuid_type": lambda name, _: f"{name} is not a valid id.",
    "date_parsing": lambda name, _: f"{name} must be a date such as 2026-12-01.",
    "date_from_datetime_parsing": lambda name, _: f"{name} must be a date such as 2026-12-01.",
    "datetime_parsing": lambda name, _: (
        f"{name} must be a date and time such as 2026-12-01T10:00:00+01:00."
    ),
    "datetime_from_date_parsing": lambda name, _: (
        f"{name} must be a date and time such as 2026-12-01T10:00:00+01:00."
    ),
    "timezone_aware": lambda name, _: (
        f"{name} needs a time zone offset, for example 2026-12-01T10:00:00+01:00."
    ),
    "literal_error": lambda name, ctx: f"{name} must be one of {ctx.get('expected')}.",
    "enum": lambda name, ctx: f"{name} must be one of {ctx.get('expected')}.",
    "list_type": lambda name, _: f"{name} must be a list.",
    "dict_type": lambda name, _: f"{name} must be an object.",
    "model_type": lambda name, _: f"{name} must be an object.",
    "model_attributes_type": lambda name, _: f"{name} must be an object.",
    "extra_forbidden": lambda name, _: f"{name} is not a field this request accepts.",
}


def sentence(field: str, error: dict[str, Any]) -> str:
    """One validation error of `field`, in words for a person."""
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    name = label(field) if field else "The request"
    if kind == "string_pattern_mismatch":
        return _FORMATS.get(field.rsplit(".", 1)[-1], f"{name} is not in the expected format.")
    if kind == "value_error" and "email address" in str(error.get("msg", "")):
        return "Please enter a valid email address, such as name@example.com."
    if kind in ("value_error", "assertion_error"):
        return _own_words(str(error.get("msg", "")))
    describe = _SENTENCES.get(kind)
    return describe(name, ctx) if describe else f"{name} is not valid."
