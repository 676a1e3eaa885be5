"""What each section of the gezinsplan asks, in the family's words.

One entry per table: its title (labels.py) and icon, the fields of its form, how a record is
summed up in a list, and the first step shown while the section is empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import flet as ft

from family_app.domain import Plan

from family_app.screens.context import ScreenContext
from family_app.screens.forms import Field
from family_app.screens.labels import (circle_labels, day_labels, domain_labels, log_kind_labels,
                                       role_labels, section_titles, status_labels)


@dataclass
class Section:
    table: str
    icon: ft.IconData
    title: str
    first_step: str
    add_label: str
    fields: Callable[[Plan], list[Field]]
    summary: Callable[[object, Plan], tuple[str, str]]


def people_choices(plan: Plan) -> dict[str, str]:
    return {p.id: p.name for p in [*plan.members, *plan.network, *plan.professionals]}


def sections(ctx: ScreenContext) -> dict[str, Section]:
    _ = ctx._
    fmt = ctx.tr.format_date

    def member_fields(plan: Plan) -> list[Field]:
        return [Field("name", _("Name"), icon=ft.Icons.PERSON),
                Field("role", _("Who is this?"), "choice", role_labels(ctx), ft.Icons.FAMILY_RESTROOM),
                Field("birth_year", _("Year of birth"), "int", icon=ft.Icons.CAKE),
                Field("birth_date", _("Date of birth (if you like)"), "date", icon=ft.Icons.CAKE),
                Field("school_or_work", _("School, work or childcare"), icon=ft.Icons.SCHOOL),
                Field("phone", _("Phone"), icon=ft.Icons.PHONE),
                Field("email", _("E-mail"), icon=ft.Icons.EMAIL),
                Field("languages", _("Languages"), "tags", icon=ft.Icons.TRANSLATE,
                      help=_("Short codes with commas, for example: nl, tr"))]

    def network_fields(plan: Plan) -> list[Field]:
        return [Field("name", _("Name"), icon=ft.Icons.PERSON),
                Field("relation", _("Who is this for you?"), help=_("For example: my sister, the neighbour"),
                      icon=ft.Icons.FAVORITE),
                Field("circle", _("Where do you know them from?"), "choice", circle_labels(ctx), ft.Icons.DIVERSITY_3),
                Field("can_help_with", _("What can they help with?"), "long", icon=ft.Icons.HANDSHAKE),
                Field("may_think_along", _("May think along with us"), "bool"),
                Field("attends_meetings", _("Should be at our meetings"), "bool"),
                Field("beside_family", _("Stands beside our family"), "bool"),
                Field("central_contact", _("Is our central contact person"), "bool"),
                Field("phone", _("Phone"), icon=ft.Icons.PHONE),
                Field("email", _("E-mail"), icon=ft.Icons.EMAIL)]

    def professional_fields(plan: Plan) -> list[Field]:
        return [Field("name", _("Name"), icon=ft.Icons.PERSON),
                Field("organisation", _("Organisation"), icon=ft.Icons.BUSINESS),
                Field("role", _("What do they do?"), help=_("For example: begeleider, GP, debt counsellor"),
                      icon=ft.Icons.BADGE),
                Field("reachable_days", _("Days they can be reached"), "multi", day_labels(ctx), ft.Icons.CALENDAR_TODAY),
                Field("phone", _("Phone"), icon=ft.Icons.PHONE),
                Field("email", _("E-mail"), icon=ft.Icons.EMAIL),
                Field("coordination", _("How do they work together with the others?"), "long",
                      icon=ft.Icons.SYNC_ALT)]

    def safety_fields(plan: Plan) -> list[Field]:
        one_per_line = _("One thing per line.")
        return [Field("date", _("Date"), "date", icon=ft.Icons.EVENT),
                Field("going_well", _("What goes well?"), "lines", icon=ft.Icons.THUMB_UP, help=one_per_line),
                Field("worries", _("What are we worried about?"), "lines", icon=ft.Icons.REPORT, help=one_per_line),
                Field("needed", _("What is needed so the worries get smaller?"), "lines",
                      icon=ft.Icons.LIGHTBULB, help=one_per_line),
                Field("scale", _("How safe is it now? 0 is not safe at all, 10 is completely safe."),
                      "scale", icon=ft.Icons.SHIELD)]

    def log_fields(plan: Plan) -> list[Field]:
        return [Field("date", _("Date"), "date", icon=ft.Icons.EVENT),
                Field("kind", _("What was it?"), "choice", log_kind_labels(ctx), ft.Icons.EVENT_NOTE),
                Field("text", _("What happened?"), "long", icon=ft.Icons.NOTES)]

    def evaluation_fields(plan: Plan) -> list[Field]:
        return [Field("planned", _("When do we look back together?"), "date", icon=ft.Icons.EVENT),
                Field("notes", _("How, and who will be there?"), "long", icon=ft.Icons.GROUPS)]

    def trajectory_fields(plan: Plan) -> list[Field]:
        return [Field("referred", _("Date of referral"), "date", icon=ft.Icons.SEND),
                Field("referred_by", _("Referred by"), help=_("For example: the GP or the school"),
                      icon=ft.Icons.PERSON_SEARCH),
                Field("first_visit", _("Date of the first visit"), "date", icon=ft.Icons.HOME),
                Field("plan_made", _("Date our plan was made"), "date", icon=ft.Icons.EDIT_NOTE)]

    def household_fields(plan: Plan) -> list[Field]:
        return [Field("name", _("Name of your family"), icon=ft.Icons.HOME),
                Field("address", _("Address"), "long", icon=ft.Icons.LOCATION_ON),
                Field("gp_name", _("Our GP (huisarts)"), icon=ft.Icons.LOCAL_HOSPITAL),
                Field("gp_phone", _("GP's phone"), icon=ft.Icons.PHONE)]

    def agreement_fields(plan: Plan) -> list[Field]:
        return [Field("goal_id", _("For which goal?"), "choice", {g.id: g.text for g in plan.goals},
                      ft.Icons.FLAG),
                Field("what", _("What will be done?"), "long", icon=ft.Icons.CHECKLIST),
                Field("how", _("How?"), "long", icon=ft.Icons.BUILD),
                Field("who", _("Who is needed?"), "multi", people_choices(plan), ft.Icons.GROUPS),
                Field("due", _("By when?"), "date", icon=ft.Icons.EVENT),
                Field("done", _("Done"), "bool"),
                Field("what_worked", _("What worked?"), "long", icon=ft.Icons.LIGHTBULB)]

    def goal_fields(plan: Plan) -> list[Field]:
        kinds = {"wish": _("We want this"), "must": _("This must change (safety or the law)")}
        return [Field("text", _("Our goal, in our own words"), "long", icon=ft.Icons.FLAG,
                      help=_("Small and concrete. For example: Daan is home at 7 in the evening.")),
                Field("owners", _("Whose goal is this?"), "multi",
                      {m.id: m.name for m in plan.members}, ft.Icons.PERSON),
                Field("kind", _("What kind of goal?"), "choice", kinds, ft.Icons.HELP_OUTLINE),
                Field("domain", _("What is it about?"), "choice", domain_labels(ctx), ft.Icons.CATEGORY),
                Field("how_we_know", _("How will we know we reached it?"), "long", icon=ft.Icons.VISIBILITY),
                Field("target_date", _("By when?"), "date", icon=ft.Icons.EVENT),
                Field("status", _("How far are we?"), "choice", status_labels(ctx), ft.Icons.TIMELAPSE)]

    def member_summary(m, plan):
        bits = [role_labels(ctx).get(m.role, "")] + ([str(m.birth_year)] if m.birth_year else [])
        return m.name, " · ".join(b for b in bits if b)

    def agreement_summary(a, plan):
        done = _("Done") if a.done else (_("By {date}").format(date=fmt(a.due)) if a.due else "")
        return a.what, done

    def evaluation_summary(e, plan):
        if e.held:
            return fmt(e.planned), _("Held on {date}").format(date=fmt(e.held))
        if e.planned < ctx.today():
            return fmt(e.planned), _("Its date has passed: it still has to be held")
        return fmt(e.planned), _("Planned")

    titles = section_titles(ctx)
    return {
        "members": Section("members", ft.Icons.FAMILY_RESTROOM, titles["members"],
                           _("Add the people in your family."), _("Add a person"),
                           member_fields, member_summary),
        "household": Section("household", ft.Icons.HOME, titles["household"], "", "",
                             household_fields, lambda h, p: (h.name, h.address)),
        "goals": Section("goals", ft.Icons.FLAG, titles["goals"],
                         _("What do you want to change? Write your first goal in your own words."),
                         _("Add a goal"), goal_fields,
                         lambda g, p: (g.text, status_labels(ctx)[g.status])),
        "agreements": Section("agreements", ft.Icons.CHECKLIST, titles["agreements"],
                              _("Agree who does what, and by when. Start from a goal."),
                              _("Add an agreement"), agreement_fields, agreement_summary),
        "network": Section("network", ft.Icons.DIVERSITY_3, titles["network"],
                           _("Who is important to you? Who may think along? Add them here."),
                           _("Add a person"), network_fields,
                           lambda n, p: (n.name, n.relation or circle_labels(ctx)[n.circle])),
        "professionals": Section("professionals", ft.Icons.MEDICAL_SERVICES, titles["professionals"],
                                 _("Add the people who help you, such as your begeleider or GP."),
                                 _("Add a professional"), professional_fields,
                                 lambda r, p: (r.name, " · ".join(x for x in (r.role, r.organisation) if x))),
        "safety": Section("safety", ft.Icons.SHIELD, titles["safety"],
                          _("Write down what goes well, what worries you, and what is needed."),
                          _("Add a safety check"), safety_fields,
                          lambda s, p: (fmt(s.date), _("Safety {n} of 10").format(n=s.scale)
                                        if s.scale is not None else "")),
        "log": Section("log", ft.Icons.EVENT_NOTE, titles["log"],
                       _("Keep notes of visits, calls and meetings."), _("Add a note"),
                       log_fields, lambda e, p: (fmt(e.date) + " · " + log_kind_labels(ctx)[e.kind],
                                                 e.text + (f" — {p.people().get(e.author, e.author)}"
                                                           if e.author else ""))),
        "evaluations": Section("evaluations", ft.Icons.EVENT_AVAILABLE, titles["evaluations"],
                               _("Plan a date to look together at how things are going."),
                               _("Plan an evaluation"), evaluation_fields,
                               evaluation_summary),
        "trajectory": Section("trajectory", ft.Icons.TIMELINE, titles["trajectory"],
                              _("Note when you were referred and when help started."), "",
                              trajectory_fields, lambda t, p: ("", "")),
    }
