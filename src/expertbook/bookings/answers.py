"""A booking's answers, checked against its event type's questions."""

import re
from typing import Any

from expertbook.errors import Unprocessable
from expertbook.kit.i18n import Message

PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,31}$")
LONGEST = {"text": 500, "textarea": 5000, "select": 100, "phone": 32}
Answers = dict[str, str | bool]


def checked_answers(questions: list[dict[str, Any]], answers: Answers | None) -> Answers:
    """The answers to keep; 422 naming each answer that is missing or wrong."""
    answers = answers or {}
    asked = {question["id"]: question for question in questions}
    errors = [
        {"field": f"answers.{key}", "message": Message("This question is not asked.")}
        for key in answers
        if key not in asked
    ]
    kept: Answers = {}
    for question in questions:
        key, kind, label = question["id"], question["kind"], question["label"]
        value = answers.get(key)
        problem: Message | None = None
        if kind == "checkbox":
            if value is not None and not isinstance(value, bool):
                problem = Message("Answer with yes or no.")
            elif question.get("required") and value is not True:
                problem = Message("Tick “{label}” to book.", label=label)
            else:
                kept[key] = bool(value)
        elif isinstance(value, bool):
            problem = Message("Answer with text.")
        elif not (text := (value or "").strip()):
            if question.get("required"):
                problem = Message("Answer “{label}”.", label=label)
        elif len(text) > LONGEST[kind]:
            problem = Message("Keep it under {count} characters.", count=LONGEST[kind])
        elif kind == "select" and text not in (question.get("options") or []):
            problem = Message("Pick one of the options.")
        elif kind == "phone" and not PHONE.match(text):
            problem = Message("Enter a phone number, like +49 30 1234567.")
        else:
            kept[key] = text
        if problem:
            errors.append({"field": f"answers.{key}", "message": problem})
    if errors:
        raise Unprocessable("Some answers need attention.", code="invalid_answers", details=errors)
    return kept
