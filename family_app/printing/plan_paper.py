"""The family's plan, or a young person's own plan, on paper: only the sections chosen, in
the family's words, and a line in the consent log for every print.

    print_plan(opened, sections, tr) -> Printout(html, record)

The profile decides whose plan it is: a family profile prints the family plan (never a
young person's plan, which lives in its own vault), a young person's profile prints their
own plan and logs it in their own consent log. A print is logged the way a share is (a
ShareRecord: what, when, "On paper"), so "who has seen what" also tells what went on paper.

The words for the codes (a role, a goal's status, a section's title) are the screens',
from family_app/code_labels.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from babel import dates as babel_dates

from i18n import Translator

from family_app import code_labels
from family_app.clock import now_or
from family_app.domain import DAYS, Plan, ShareRecord, YouthPlan
from family_app.plan.plan_book import PlanBook
from family_app.printing.paper_page import Entry, Line, Paper, Part, page
from family_app.youth import youth_sharing
from family_app.youth.youth_book import YouthBook

# What a family can put on paper, in the order the page shows it (the consent log, the
# closure reports and the family's keys are no plan to print).
FAMILY_SECTIONS = ("household", "members", "goals", "agreements", "network", "professionals",
                   "safety", "log", "evaluations", "trajectory")
# What a print holds unless the family chooses otherwise: what a helper at school or a
# grandparent needs, as the "current" share does.
FAMILY_DEFAULT = ("household", "members", "goals", "agreements", "network", "professionals")
# A young person's parts (youth_payload.PARTS without "link", which is news for the family).
YOUTH_SECTIONS = ("goals", "lists", "trusted_person", "talk_to")
YOUTH_DEFAULT = YOUTH_SECTIONS
PAPER = "paper"  # how the consent log files a print: nothing to take back, no key


@dataclass(frozen=True)
class Printout:
    html: str
    record: ShareRecord  # the consent log's line for this print


def sections_of(kind: str) -> tuple[str, ...]:
    return YOUTH_SECTIONS if kind == "youth" else FAMILY_SECTIONS


def default_sections(kind: str) -> tuple[str, ...]:
    return YOUTH_DEFAULT if kind == "youth" else FAMILY_DEFAULT


def chosen(kind: str, sections: Sequence[str]) -> tuple[str, ...]:
    """The chosen sections in the page's order; an unknown name or none at all is refused."""
    allowed = sections_of(kind)
    unknown = [s for s in sections if s not in allowed]
    if unknown or not sections:
        raise ValueError(f"choose sections from: {', '.join(allowed)}")
    return tuple(s for s in allowed if s in sections)


def print_plan(opened, sections: Sequence[str], tr: Translator, *,
               now: dt.datetime | None = None) -> Printout:
    """The page of the chosen sections, logged in the profile's own consent log."""
    moment = now_or(now, opened.now)
    today = opened.today() if now is None else moment.date()
    sections = chosen(opened.kind, sections)
    _ = tr.gettext
    record = ShareRecord(created=moment.date(), recipient_name=_("On paper"),
                         recipient_kind=PAPER, sections=list(sections), expires=moment.date())
    if opened.kind == "youth":
        book = YouthBook(opened)
        html = page(youth_paper(book.plan(), sections, tr, book.version, today))
        youth_sharing.record_share(book, record)
        return Printout(html, record)
    plan_book = PlanBook(opened)
    html = page(family_paper(plan_book.plan(), sections, tr, plan_book.version, today))
    return Printout(html, plan_book.save("shares", record))


def _paper(tr: Translator, title: str, what: str, version: int, today: dt.date,
           parts: list[Part]) -> Paper:
    _ = tr.gettext
    header = _("{what} · version {version} · printed on {date}").format(
        what=what, version=tr.format_number(version), date=tr.format_date(today, "long"))
    return Paper(tr, title, header, _("Page {page} of {pages}"), _("Print this page"),
                 tuple(parts))


def _lines(*pairs: tuple[str, object]) -> tuple[Line, ...]:
    """The facts that have a value; empty fields are left off the paper."""
    return tuple(Line(label, str(value)) for label, value in pairs if value not in (None, "", []))


# --- the family's plan -----------------------------------------------------------------------

def family_paper(plan: Plan, sections: Sequence[str], tr: Translator, version: int,
                 today: dt.date) -> Paper:
    _ = tr.gettext
    fmt = tr.format_date
    people = plan.people()

    def names(ids: Sequence[str]) -> str:
        return tr.join(people.get(i, i) for i in ids)

    def when(day: dt.date | None) -> str:
        return fmt(day) if day else ""

    roles, statuses = code_labels.role_labels(_), code_labels.status_labels(_)
    log_kinds = code_labels.log_kind_labels(_)
    day_names = babel_dates.get_day_names("wide", locale=tr.locale)  # 0 is Monday, as DAYS
    goal_texts = {g.id: g.text for g in plan.goals}

    def household(h):
        return Entry(h.name, _lines((_("Address"), h.address), (_("Our GP (huisarts)"), h.gp_name),
                                    (_("GP's phone"), h.gp_phone)))

    def member(m):
        return Entry(m.name, _lines((_("Who is this?"), roles.get(m.role, "")),
                                    (_("Year of birth"), m.birth_year or ""),
                                    (_("School, work or childcare"), m.school_or_work),
                                    (_("Phone"), m.phone), (_("E-mail"), m.email)))

    def goal(g):
        last = max(g.scores, key=lambda s: s.date, default=None)
        score = (_("{score} of 10").format(score=last.score) + f" · {fmt(last.date)}") if last else ""
        return Entry(g.text, _lines((_("Whose goal is this?"), names(g.owners)),
                                    (_("How will we know we reached it?"), g.how_we_know),
                                    (_("By when?"), when(g.target_date)),
                                    (_("How far are we?"), statuses.get(g.status, "")),
                                    (_("Where are we now?"), score)))  # the family's words

    def agreement(a):
        return Entry(a.what, _lines((_("For which goal?"), goal_texts.get(a.goal_id, "")),
                                    (_("How?"), a.how), (_("Who is needed?"), names(a.who)),
                                    (_("By when?"), when(a.due)),
                                    (_("Done"), _("Yes") if a.done else ""),
                                    (_("What worked?"), a.what_worked)))

    def network_person(n):
        roles_in_plan = [text for flag, text in (
            (n.may_think_along, _("May think along with us")),
            (n.attends_meetings, _("Should be at our meetings")),
            (n.beside_family, _("Stands beside our family")),
            (n.central_contact, _("Is our central contact person"))) if flag]
        return Entry(n.name, _lines((_("Who is this for you?"), n.relation),
                                    (_("What can they help with?"), n.can_help_with),
                                    ("", "\n".join(roles_in_plan)),
                                    (_("Phone"), n.phone), (_("E-mail"), n.email)))

    def professional(p):
        days = tr.join(day_names[DAYS.index(d)] for d in p.reachable_days if d in DAYS)
        return Entry(p.name, _lines((_("Organisation"), p.organisation),
                                    (_("What do they do?"), p.role),
                                    (_("Days they can be reached"), days),
                                    (_("Phone"), p.phone), (_("E-mail"), p.email),
                                    (_("How do they work together with the others?"), p.coordination)))

    def safety(s):
        scale = _("{score} of 10").format(score=s.scale) if s.scale is not None else ""
        return Entry(fmt(s.date), _lines((_("What goes well?"), "\n".join(s.going_well)),
                                         (_("What are we worried about?"), "\n".join(s.worries)),
                                         (_("What is needed so the worries get smaller?"),
                                          "\n".join(s.needed)),
                                         (_("Safety"), scale)))

    def log_entry(e):
        author = people.get(e.author, e.author) if e.author else ""
        return Entry(f"{fmt(e.date)} · {log_kinds.get(e.kind, '')}",
                     _lines((_("What happened?"), e.text), (_("Name"), author)))

    def evaluation(e):
        held = _("Held on {date}").format(date=fmt(e.held)) if e.held else _("Planned")
        return Entry(fmt(e.planned), _lines(("", held),
                                            (_("How, and who will be there?"), e.notes),
                                            (_("What has changed since last time?"), e.changes)))

    def trajectory(t):
        return Entry("", _lines((_("Date of referral"), when(t.referred)),
                                (_("Referred by"), t.referred_by),
                                (_("Date of the first visit"), when(t.first_visit)),
                                (_("Date our plan was made"), when(t.plan_made))))

    titles = code_labels.section_titles(_)
    by_section: dict[str, tuple[Callable, list]] = {
        "household": (household, [plan.household] if plan.household else []),
        "members": (member, plan.members), "goals": (goal, plan.goals),
        "agreements": (agreement, plan.agreements), "network": (network_person, plan.network),
        "professionals": (professional, plan.professionals),
        "safety": (safety, sorted(plan.safety, key=lambda s: s.date)),
        "log": (log_entry, sorted(plan.log, key=lambda e: e.date)),
        "evaluations": (evaluation, sorted(plan.evaluations, key=lambda e: e.planned)),
        "trajectory": (trajectory, [plan.trajectory]),
    }
    parts = []
    for section in sections:
        make, records = by_section[section]
        entries = tuple(e for e in map(make, records) if e.title or e.lines)
        parts.append(Part(section, titles[section], entries, _("Nothing written here yet.")))
    name = plan.household.name if plan.household else ""
    return _paper(tr, name, _("Our plan"), version, today, parts)


# --- a young person's own plan ---------------------------------------------------------------

def youth_paper(plan: YouthPlan, sections: Sequence[str], tr: Translator, version: int,
                today: dt.date) -> Paper:
    _ = tr.gettext

    def goal(g):
        last = max(g.scores, key=lambda s: s.date, default=None)
        score = (_("{score} of 10").format(score=last.score)
                 + f" · {tr.format_date(last.date)}") if last else ""
        return Entry(g.text, _lines((_("How will I know I made it?"), g.how_we_know),
                                    (_("Where are you now?"), score)))

    def listed(title: str, items: list[str]) -> list[Entry]:
        return [Entry(title, _lines(("", "\n".join(items))))] if items else []

    trusted = plan.trusted_person
    content = {
        "goals": [goal(g) for g in plan.goals],
        "lists": (listed(_("What goes well"), plan.going_well)
                  + listed(_("What bothers me"), plan.worries)
                  + listed(_("My dreams"), plan.dreams)),
        "trusted_person": [Entry(trusted.name, _lines(
            (_("Phone"), trusted.phone), (_("E-mail"), trusted.email)))] if trusted else [],
        "talk_to": listed(_("When things get hard, I talk to"), plan.talk_to_when_hard),
    }
    titles = code_labels.youth_part_labels(_)
    parts = [Part(s, titles[s], tuple(content[s]), _("Nothing written here yet."))
             for s in sections]
    return _paper(tr, plan.owner_name, _("My plan"), version, today, parts)
