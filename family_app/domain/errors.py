"""Validation errors that name the field and keep a translatable message id.

The domain never translates: it raises English message ids (marked with N_ so Babel
extracts them) plus parameters, and the UI translates them for the active language.
"""
from __future__ import annotations

from i18n.problems import N_, Problem


# The few problems a field can have. Keep them plain: families read these.
REQUIRED = N_("is required")
NOT_TEXT = N_("must be text")
TOO_LONG = N_("is too long (at most {limit} characters)")
BAD_DATE = N_("is not a valid date (use YYYY-MM-DD)")
OUT_OF_RANGE = N_("must be a whole number from {low} to {high}")
NOT_A_CHOICE = N_("must be one of: {choices}")
NOT_YES_NO = N_("must be true or false")
NOT_A_LIST = N_("must be a list")
NOT_A_RECORD = N_("must be a group of fields")
BAD_LANGUAGE = N_("is not a valid language tag (such as nl, pl or ar)")
BAD_EMAIL = N_("is not a valid e-mail address")
UNKNOWN_PERSON = N_("refers to someone who is not in the plan")
UNKNOWN_GOAL = N_("refers to a goal that is not in the plan")
USED_TWICE = N_("is used more than once")
AT_MOST_ONE = N_("must hold at most one record")
ONLY_WHEN_REFERRED = N_("must be empty when there was no referral onward")
NEWER_VERSION = N_(
    "was saved by a newer version of the app (version {found}; this app knows up to {known})"
)


class ValidationError(Problem, ValueError):
    """A value that does not fit its field.

    field:   dotted path such as "goals[2].target_date" ("" while not yet placed)
    problem: English message id (marked with N_), may hold {placeholders}
    params:  values for the placeholders
    """

    def __init__(self, field: str, problem: str, **params: object) -> None:
        self.field = field
        super().__init__(problem, **params)
        self.args = (str(self),)

    def message(self) -> str:
        """The problem with its parameters filled in, without the field."""
        return self.problem.format(**self.params)

    def __str__(self) -> str:
        return f"{self.field}: {self.message()}" if self.field else self.message()

    def within(self, prefix: str) -> "ValidationError":
        """The same error seen from the enclosing record: within("goals[2]")."""
        return type(self)(join_path(prefix, self.field), self.problem, **self.params)


class SchemaVersionError(ValidationError):
    """A stored record from a newer app version: refusing beats silently losing fields."""


def join_path(prefix: str, field: str) -> str:
    """join_path("goals[2]", "target_date") -> "goals[2].target_date"; "[1]" attaches directly."""
    if not prefix:
        return field
    if not field:
        return prefix
    return prefix + field if field.startswith("[") else f"{prefix}.{field}"
