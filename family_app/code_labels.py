"""The words for the plan's stored codes that both the screens and the printed plan show:
a member's role, a goal's status, a log entry's kind, a section's title. Without Flet, so
that a use case (printing/) can take them too; screens/labels.py gives them to screens.
Each takes the reader's gettext (`ctx._`, `Translator.gettext`)."""

from __future__ import annotations

from typing import Callable

Gettext = Callable[[str], str]


def role_labels(_: Gettext) -> dict[str, str]:
    """By age where age decides, so that a 14-year-old is plainly not a "child" here."""
    return {"parent": _("Parent or carer"), "youth": _("Young person (12+)"),
            "child": _("Child (under 12)"), "other": _("Someone else")}


def status_labels(_: Gettext) -> dict[str, str]:
    return {"open": _("Not started"), "in_progress": _("Working on it"),
            "achieved": _("Reached"), "let_go": _("Let go")}


def log_kind_labels(_: Gettext) -> dict[str, str]:
    return {"home_visit": _("Home visit"), "phone": _("Phone call"), "meeting": _("Meeting"),
            "note": _("Our own note")}


def section_titles(_: Gettext) -> dict[str, str]:
    """A table of the plan by its title."""
    return {"members": _("Our family"), "household": _("Address and GP"), "goals": _("Our goals"),
            "agreements": _("Agreements"), "network": _("People around us"),
            "professionals": _("Professionals"), "safety": _("Safety"), "log": _("Logbook"),
            "evaluations": _("Evaluations"), "trajectory": _("Our route")}


def youth_part_labels(_: Gettext) -> dict[str, str]:
    """The parts of a young person's plan they may share (and print)."""
    return {"goals": _("My goals and scores"),
            "lists": _("What goes well, what bothers me, my dreams"),
            "trusted_person": _("My trusted person"), "talk_to": _("Who I talk to"),
            "link": _("That my goal is linked to a family goal")}
