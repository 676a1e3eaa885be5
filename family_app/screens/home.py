"""The family's home: who we are, and every part of our plan at a glance."""

from __future__ import annotations

import flet as ft

from family_app import family_plan

from .common import language_button, screen
from .context import ScreenContext
from .family_setup import role_labels


def section_texts(ctx: ScreenContext) -> dict[str, tuple[ft.IconData, str, str]]:
    """Icon, title and the first step to take, for each section of the gezinsplan."""
    _ = ctx._
    return {
        "goals": (ft.Icons.FLAG, _("Our goals"),
                  _("What do you want to change? Write your first goal in your own words.")),
        "agreements": (ft.Icons.CHECKLIST, _("Agreements"),
                       _("Agree who does what, and by when. Start from a goal.")),
        "network": (ft.Icons.DIVERSITY_3, _("People around us"),
                    _("Who is important to you? Who may think along? Add them here.")),
        "professionals": (ft.Icons.MEDICAL_SERVICES, _("Professionals"),
                          _("Add the people who help you, such as your begeleider or GP.")),
        "safety": (ft.Icons.SHIELD, _("Safety"),
                   _("Write down what goes well, what worries you, and what is needed.")),
        "log": (ft.Icons.EVENT_NOTE, _("Logbook"),
                _("Keep notes of visits, calls and meetings.")),
        "evaluations": (ft.Icons.EVENT_AVAILABLE, _("Evaluations"),
                        _("Plan a date to look together at how things are going.")),
        "trajectory": (ft.Icons.TIMELINE, _("Our route"),
                       _("Note when you were referred and when help started.")),
    }


def lock_button(ctx: ScreenContext) -> ft.Control:
    def lock(_event=None):
        ctx.go("unlock", profile_id=ctx.lock())

    return ft.TextButton(ctx._("Lock"), icon=ft.Icons.LOCK, on_click=lock, key="lock")


def _section_card(icon, title: str, line: str, count: int, key: str) -> ft.Control:
    badge = ft.Container(ft.Text(str(count), color=ft.Colors.WHITE, weight=ft.FontWeight.BOLD),
                         bgcolor=ft.Colors.TEAL_700, border_radius=12,
                         padding=ft.Padding.symmetric(horizontal=10, vertical=2),
                         visible=count > 0)
    return ft.Card(ft.ListTile(
        leading=ft.Icon(icon, size=32, color=ft.Colors.TEAL_700),
        title=ft.Text(title, size=18, weight=ft.FontWeight.BOLD),
        subtitle=ft.Text(line, size=15), trailing=badge, min_height=64, key=key))


def _member_pill(name: str, role: str) -> ft.Control:
    return ft.Container(
        ft.Row([ft.Icon(ft.Icons.PERSON, size=20, color=ft.Colors.TEAL_800),
                ft.Text(name, size=16)], spacing=6, tight=True),
        tooltip=role, bgcolor=ft.Colors.TEAL_50, border_radius=20,
        padding=ft.Padding.symmetric(horizontal=12, vertical=8))


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    summary = family_plan.home_summary(ctx.opened)
    roles = role_labels(ctx)
    members = ft.Row(wrap=True, spacing=8, run_spacing=8, key="members",
                     controls=[_member_pill(m.name, roles.get(m.role, "")) for m in summary.members])
    cards = []
    for key, (icon, title, first_step) in section_texts(ctx).items():
        count = summary.counts.get(key, 0)
        line = first_step if count == 0 else ctx.tr.ngettext("{n} item", "{n} items", count).format(n=count)
        cards.append(_section_card(icon, title, line, count, f"section-{key}"))
    return screen(ctx, summary.household_name, [
        ft.Text(_("Our family"), size=16, weight=ft.FontWeight.W_500, color=ft.Colors.GREY_800),
        members,
        ft.Text(_("Our plan"), size=16, weight=ft.FontWeight.W_500, color=ft.Colors.GREY_800),
        *cards,
    ], actions=[language_button(ctx, then=("home", {})), lock_button(ctx)], key="home")
