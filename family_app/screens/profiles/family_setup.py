"""First start for a family: the family's name and who belongs to it.

"Next" stays at the bottom of the screen however many people are added, and who a person
is (parent, young person, child) follows from the year of birth when one is given.
"""

from __future__ import annotations

import flet as ft

from family_app.profiles import onboarding
from family_app.domain import ValidationError

from family_app.screens.common import (MAX_WIDTH, Message, heading, icon_button, paragraph,
                                       primary_button, screen, secondary_button, text_field,
                                       translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.forms import attention_key, choice_group
from family_app.screens.labels import role_labels


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    draft = ctx.draft.setdefault("family", {"household_name": "", "members": []})
    members: list = draft["members"]
    roles = role_labels(ctx)

    family_name = text_field(label=_("Name of your family"), value=draft["household_name"],
                             hint_text=_("For example: Family De Vries"), key="household-name",
                             prefix_icon=ft.Icons.HOME, text_size=18)
    member_name = text_field(label=_("Name"), key="member-name", prefix_icon=ft.Icons.PERSON,
                             text_size=18)
    member_year = text_field(label=_("Year of birth (optional)"), key="member-year",
                             keyboard_type=ft.KeyboardType.NUMBER, prefix_icon=ft.Icons.CAKE,
                             text_size=18)
    # "Start with yourself": the first person is most likely a parent. Every next person
    # starts with no role: nothing is carried over from the one before.
    def first_role() -> str | None:
        return None if members else "parent"

    member_role = choice_group(first_role(), roles, "role")
    role_problem = Message(key="role-problem")
    chosen = {"by_hand": False}  # a role tapped by the person wins over the year's suggestion
    member_list = ft.Column(spacing=4, key="member-list")

    def render_members():
        member_list.controls = [
            ft.ListTile(leading=ft.Icon(ft.Icons.PERSON), title=ft.Text(m.name, size=17),
                        subtitle=ft.Text(roles[m.role] + (f" · {m.birth_year}" if m.birth_year else "")),
                        trailing=icon_button(ft.Icons.DELETE_OUTLINE,
                                               tooltip=_("Remove {name}").format(name=m.name),
                                               on_click=remove(i)))
            for i, m in enumerate(members)
        ] or [paragraph(_("Nobody added yet. Start with yourself."), key="no-members")]

    def remove(index: int):
        def handler(_event=None):
            members.pop(index)
            year_typed()  # with nobody left, the first person is a parent again
            render_members()
        return handler

    def role_tapped(_event=None):
        chosen["by_hand"] = True
        role_problem.clear()

    def year_typed(_event=None):
        if not chosen["by_hand"]:
            member_role.value = (onboarding.suggested_role(member_year.value, ctx.today().year)
                                 or first_role())
            role_problem.clear()

    def bring_into_view(name: str):
        ctx.page.run_task(ctx.page.views[-1].scroll_to, scroll_key=attention_key(name), duration=300)

    def add_member(_event=None, *, then_focus: bool = True) -> bool:
        member_name.error = member_year.error = None
        role_problem.clear()
        try:
            members.append(onboarding.member_from_form(
                member_name.value, member_role.value, member_year.value))
        except ValidationError as error:
            if error.field == "role":
                role_problem.say(_("Who is this? Choose one."))
            else:
                field = member_year if error.field == "birth_year" else member_name
                field.error = translated_problem(ctx, error)
            bring_into_view("member")
            return False
        member_name.value = member_year.value = ""
        member_role.value, chosen["by_hand"] = first_role(), False
        render_members()
        if then_focus:  # ready for the next person: the cursor back in "Name" (after a
            # tap, never on its own when the screen opens: see decisions.md on autofocus)
            ctx.page.run_task(member_name.focus)
        return True

    def next_step(_event=None):
        """Refused, it says why at the field in question and brings that into view."""
        draft["household_name"] = family_name.value
        family_name.error = None
        try:
            onboarding.household_from_form(family_name.value)
        except ValidationError as error:
            family_name.error = translated_problem(ctx, error)
            bring_into_view("household-name")
            return
        # A name typed but not yet added is surely meant to be added.
        if member_name.value.strip() and not add_member(then_focus=False):
            return
        if not members:
            member_name.error = _("Add at least one person to your family.")
            bring_into_view("member")
            return
        ctx.go("secret_setup", purpose="family")

    member_name.on_submit = add_member
    member_year.on_change = year_typed
    member_role.on_change = role_tapped
    render_members()
    view = screen(ctx, _("Your family"), [
        heading(_("Who is in your family?")),
        ft.Container(family_name, key=ft.ScrollKey(attention_key("household-name"))),
        ft.Card(ft.Container(ft.Column([
            member_name, member_year, member_role, role_problem,
            secondary_button(_("Add this person"), ft.Icons.PERSON_ADD, add_member, key="add-member"),
        ], spacing=12), padding=16), key=ft.ScrollKey(attention_key("member"))),
        member_list,
    ], back=lambda: ctx.go("welcome"), key="family_setup")
    # "Next" under the scrolling list, always in reach: the list grows with every person.
    view.bottom_appbar = ft.BottomAppBar(
        ft.Container(ft.Container(primary_button(_("Next"), ft.Icons.ARROW_FORWARD, next_step,
                                                 key="next"), width=MAX_WIDTH - 32),
                     alignment=ft.Alignment.CENTER),
        bgcolor=ft.Colors.TEAL_50, padding=ft.Padding.symmetric(horizontal=16, vertical=12))
    return view
