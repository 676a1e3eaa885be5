"""First start for a family: the family's name and who belongs to it."""

from __future__ import annotations

import flet as ft

from family_app.profiles import onboarding
from family_app.domain import ValidationError

from family_app.screens.common import (Message, heading, paragraph, primary_button, screen,
                                       secondary_button, text_field, translated_problem)
from family_app.screens.context import ScreenContext
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
    member_role = ft.RadioGroup(
        value="parent",
        content=ft.Column([ft.Radio(value=code, label=label, key=f"role-{code}")
                           for code, label in roles.items()], spacing=0))
    member_list = ft.Column(spacing=4, key="member-list")
    message = Message()

    def render_members():
        member_list.controls = [
            ft.ListTile(leading=ft.Icon(ft.Icons.PERSON), title=ft.Text(m.name, size=17),
                        subtitle=ft.Text(roles[m.role] + (f" · {m.birth_year}" if m.birth_year else "")),
                        trailing=ft.IconButton(ft.Icons.DELETE_OUTLINE,
                                               tooltip=_("Remove {name}").format(name=m.name),
                                               on_click=remove(i)))
            for i, m in enumerate(members)
        ] or [paragraph(_("Nobody added yet. Start with yourself."), key="no-members")]

    def remove(index: int):
        def handler(_event=None):
            members.pop(index)
            render_members()
        return handler

    def add_member(_event=None):
        member_name.error = member_year.error = None
        try:
            members.append(onboarding.member_from_form(
                member_name.value, member_role.value, member_year.value))
        except ValidationError as error:
            field = member_year if error.field == "birth_year" else member_name
            field.error = translated_problem(ctx, error)
            return
        member_name.value = member_year.value = ""
        message.clear()
        render_members()

    def next_step(_event=None):
        draft["household_name"] = family_name.value
        family_name.error = None
        try:
            onboarding.household_from_form(family_name.value)
        except ValidationError as error:
            family_name.error = translated_problem(ctx, error)
            return
        if member_name.value.strip():
            add_member()  # a name typed but not yet added is surely meant to be added
            if member_name.error:
                return
        if not members:
            message.say(_("Add at least one person to your family."))
            return
        ctx.go("secret_setup", purpose="family")

    member_name.on_submit = add_member
    render_members()
    return screen(ctx, _("Your family"), [
        heading(_("Who is in your family?")),
        family_name,
        ft.Card(ft.Container(ft.Column([
            ft.Text(_("Add a person"), size=18, weight=ft.FontWeight.BOLD),
            member_name, member_role, member_year,
            secondary_button(_("Add this person"), ft.Icons.PERSON_ADD, add_member, key="add-member"),
        ], spacing=12), padding=16)),
        member_list,
        message,
        primary_button(_("Next"), ft.Icons.ARROW_FORWARD, next_step, key="next"),
    ], back=lambda: ctx.go("welcome"), key="family_setup")
