"""First start: turn what a family or begeleider typed into a new, locked profile.

Every form value is validated by the domain before anything is written, and a profile
whose first save fails is removed again: nothing is left half-made.
"""

from __future__ import annotations

from typing import Any

from i18n import Translator

from family_app.domain import Household, Member, Professional, ValidationError, YouthPlan
from family_app.domain.errors import OUT_OF_RANGE, REQUIRED
from family_app.profiles.open_profile import SETTINGS_TABLE, WORKSPACE_TABLE, OpenProfile
from family_app.vault.keys import validate_secret
from family_app.youth.youth_book import YOUTH_PLAN_TABLE

# Labels of the registry are plaintext; these fixed ones say nothing about the family.
FAMILY_LABEL = "family"
BEGELEIDER_LABEL = "begeleider"


def household_from_form(name: str, language: str = "nl") -> Household:
    return Household.from_dict({"name": name, "language": language})


def member_from_form(name: str, role: str | None, birth_year: str = "") -> Member:
    """A person of the family as typed on the first start. Who they are is asked of every
    person (the domain would quietly make them "other")."""
    year = (birth_year or "").strip()
    if year and not year.isdigit():
        raise ValidationError("birth_year", OUT_OF_RANGE, low=1900, high=2100)
    if not role:
        raise ValidationError("role", REQUIRED)
    return Member.from_dict({"name": name, "role": role, "birth_year": int(year) if year else None})


YOUTH_FROM_AGE = 12  # a young person may keep a plan of their own (the roles' labels say so)
ADULT_FROM_AGE = 18


def suggested_role(birth_year: str, this_year: int) -> str | None:
    """The role a year of birth points to: a child under 12, a young person from 12 to 17.
    None for an adult (a parent or someone else: the family says which) and for anything
    that is not yet a whole year of birth (the person is still typing)."""
    year = (birth_year or "").strip()
    if not (year.isdigit() and len(year) == 4) or not 1900 <= int(year) <= this_year:
        return None
    age = this_year - int(year)  # their age this year: the birthday may still come
    if age < YOUTH_FROM_AGE:
        return "child"
    return "youth" if age < ADULT_FROM_AGE else None


def workspace_from_form(name: str, organisation: str) -> Professional:
    if not (organisation or "").strip():
        raise ValidationError("organisation", REQUIRED)
    return Professional.from_dict({"name": name, "organisation": organisation, "role": "begeleider"})


def youth_from_form(name: str) -> YouthPlan:
    """The name a young person goes by in their own plan (a nickname is fine)."""
    return YouthPlan.from_dict({"owner_name": name})


def check_secret(secret: str, purpose: str = "family") -> None:
    """Refuse a weak secret before the slow part; a young person's must be stronger."""
    validate_secret(secret, youth=purpose == "youth")


def create_profile(device, purpose: str, draft: dict[str, Any], secret: str,
                   tr: Translator) -> tuple[OpenProfile, str]:
    """Create the family's or the begeleider's profile from the onboarding draft."""
    if purpose == "family":
        family = draft["family"]
        household = household_from_form(family["household_name"], tr.lang)
        tables = {"household": [household.to_dict()],
                  "members": [m.to_dict() for m in family["members"]]}
        return create_with_tables(device, "family", FAMILY_LABEL, secret, tables, tr.lang)
    if purpose == "youth":
        label = draft["youth"]["name"].strip()
        plan = YouthPlan(owner_name=label)
        return create_with_tables(device, "youth", label, secret,
                                  {YOUTH_PLAN_TABLE: [plan.to_dict()]}, tr.lang)
    begeleider = draft["begeleider"]
    me = workspace_from_form(begeleider["name"], begeleider["organisation"])
    return create_with_tables(device, "begeleider", BEGELEIDER_LABEL, secret,
                              {WORKSPACE_TABLE: [me.to_dict()]}, tr.lang)


def create_with_tables(device, kind: str, label: str, secret: str,
                       tables: dict[str, list[dict]], language: str) -> tuple[OpenProfile, str]:
    """A new profile holding `tables`, written in one atomic save after the vault exists."""
    profile, vault, code = device.store.create(kind, label, secret)
    try:
        # Version 1 is the plan as first written; every change counts up from there.
        vault.replace_all({**tables, SETTINGS_TABLE: [{"language": language, "plan_version": 1}]})
    except BaseException:
        vault.close()
        device.store.delete(profile)
        raise
    return device.open(profile, vault), code
