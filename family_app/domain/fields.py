"""Small validators shared by every record, scenario import and UI form.

Each takes a raw value (as found in JSON or a form) and returns the clean Python value, or
raises ValidationError with an empty field; the caller places it with err.within(name).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from family_app.domain.errors import (
    BAD_DATE, BAD_EMAIL, BAD_LANGUAGE, NOT_A_CHOICE, NOT_A_LIST, NOT_TEXT, NOT_YES_NO,
    OUT_OF_RANGE, REQUIRED, TOO_LONG, ValidationError,
)

NAME_LIMIT = 120  # names, phone numbers, short labels
TEXT_LIMIT = 4000  # the family's own longer texts

# BCP-47-ish: nl, pt-BR, zh-Hant
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def optional_text(value: Any, limit: int = NAME_LIMIT) -> str:
    """Text with surrounding whitespace stripped; missing becomes ""."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError("", NOT_TEXT)
    value = value.strip()
    if len(value) > limit:
        raise ValidationError("", TOO_LONG, limit=limit)
    return value


def required_text(value: Any, limit: int = NAME_LIMIT) -> str:
    """Like optional_text, but empty or all-whitespace is "is required"."""
    value = optional_text(value, limit)
    if not value:
        raise ValidationError("", REQUIRED)
    return value


def optional_date(value: Any) -> date | None:
    """An ISO date "YYYY-MM-DD" (or a date object); real calendar days only."""
    if value is None or value == "":
        return None
    if type(value) is date:  # not datetime: a plan records days, not moments
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass  # e.g. 2024-02-30
    raise ValidationError("", BAD_DATE)


def required_date(value: Any) -> date:
    parsed = optional_date(value)
    if parsed is None:
        raise ValidationError("", REQUIRED)
    return parsed


def optional_int(value: Any, low: int, high: int) -> int | None:
    """A whole number in [low, high]; missing is None (for scores: not applicable)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError("", OUT_OF_RANGE, low=low, high=high)
    return value


def required_int(value: Any, low: int, high: int) -> int:
    parsed = optional_int(value, low, high)
    if parsed is None:
        raise ValidationError("", REQUIRED)
    return parsed


def choice(value: Any, choices: Iterable[str], default: str | None = None) -> str | None:
    """One of a fixed set of codes; missing gives the default (None means required)."""
    choices = tuple(choices)
    if value is None or value == "":
        if default is None:
            raise ValidationError("", REQUIRED)
        return default
    if value not in choices:
        raise ValidationError("", NOT_A_CHOICE, choices=", ".join(choices))
    return value


def optional_choice(value: Any, choices: Iterable[str]) -> str | None:
    """One of a fixed set of codes, or None when not chosen yet."""
    if value is None or value == "":
        return None
    return choice(value, choices)


def flag(value: Any, default: bool = False) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ValidationError("", NOT_YES_NO)
    return value


def language_tag(value: Any, default: str = "nl") -> str:
    value = optional_text(value, 35)
    if not value:
        return default
    if not _LANGUAGE_TAG.match(value):
        raise ValidationError("", BAD_LANGUAGE)
    return value


def language_list(value: Any) -> list[str]:
    """Languages someone speaks, e.g. ["nl", "tr"]."""
    return list_of(value, lambda element: required_text(language_tag(element, ""), 35))


def email(value: Any) -> str:
    value = optional_text(value, NAME_LIMIT)
    if value and not _EMAIL.match(value):
        raise ValidationError("", BAD_EMAIL)
    return value


def list_of(value: Any, item: Callable[[Any], Any]) -> list:
    """A list whose items each pass `item`; an error names the index, e.g. "[2]"."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError("", NOT_A_LIST)
    result = []
    for index, element in enumerate(value):
        try:
            result.append(item(element))
        except ValidationError as err:
            raise err.within(f"[{index}]") from None
    return result


def text_list(value: Any, limit: int = TEXT_LIMIT) -> list[str]:
    """A list of non-empty texts (e.g. worries, dreams)."""
    return list_of(value, lambda element: required_text(element, limit))


def choice_list(value: Any, choices: Iterable[str]) -> list[str]:
    """A subset of codes, e.g. reachable days; duplicates are dropped, order kept."""
    choices = tuple(choices)
    picked = list_of(value, lambda element: choice(element, choices))
    return list(dict.fromkeys(picked))
