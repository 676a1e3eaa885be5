"""The one shape of a problem the user is told about: an English message id, marked with
`N_` for Babel and translated only by the UI, plus its parameters.

Every error a person may see derives from `Problem` (the vault's, the bundle reader's, the
domain's, the use cases'). Screens catch `Problem` and show `translated_problem`, so they need
not know which layer refused. `detail` is for developers and logs only: never shown.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message id for Babel extraction (keyword N_); translation happens in the UI."""
    return message


class Problem(Exception):
    """Base class of every error with words for the user."""

    default_problem = N_("Something went wrong. Please try again.")

    def __init__(self, problem: str | None = None, *, detail: str = "", **params: object) -> None:
        self.problem = problem or self.default_problem
        self.detail = detail
        self.params = dict(params)
        super().__init__(f"{self.problem} ({detail})" if detail else self.problem)
