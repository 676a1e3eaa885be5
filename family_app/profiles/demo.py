"""`family-app demo`: a whole family from an onsplan-scenario/1 file, in fresh vaults.

The family plan becomes the family profile; each entry of `youth_plans` becomes a youth
profile of its own, with its own secret. Everything is checked before the first vault
is made, and any profile made before a failure is removed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from family_app.profiles.device import Device
from family_app.domain import YouthPlan, load_scenario
from family_app.profiles.onboarding import FAMILY_LABEL, create_with_tables
from family_app.vault.keys import validate_secret
from family_app.youth.youth_book import YOUTH_PLAN_TABLE



class DemoError(Exception):
    """The demo cannot be made here; the message is one plain line."""


@dataclass
class CreatedProfile:
    label: str
    kind: str
    recovery_code: str


def youth_label(plan: YouthPlan, taken: set[str]) -> str:
    """A young person's profile is named by their first name, unique on this device."""
    first = (plan.owner_name or "youth").split()[0]
    label, n = first, 2
    while label.lower() in taken:
        label, n = f"{first} {n}", n + 1
    taken.add(label.lower())
    return label


def create_demo(device: Device, scenario_path: Path, family_secret: str,
                youth_secret: str | None) -> list[CreatedProfile]:
    scenario = load_scenario(scenario_path)  # raises ScenarioError before anything is made
    validate_secret(family_secret)
    if scenario.youth_plans:
        if youth_secret is None:
            raise DemoError("the scenario has youth plans: set ONSPLAN_YOUTH_PASSPHRASE")
        validate_secret(youth_secret, youth=True)
    if any(p.kind == "family" for p in device.profiles()):
        raise DemoError(f"{device.data_dir} already holds a family profile; "
                        "use an empty --data-dir")
    language = scenario.plan.household.language if scenario.plan.household else "nl"
    made: list = []
    try:
        opened, code = create_with_tables(device, "family", FAMILY_LABEL, family_secret,
                                          scenario.plan.to_tables(), language)
        made.append(opened.profile)
        opened.lock()
        created = [CreatedProfile(FAMILY_LABEL, "family", code)]
        taken = {p.label.lower() for p in device.profiles()}
        for youth in scenario.youth_plans:
            label = youth_label(youth, taken)
            opened, code = create_with_tables(device, "youth", label, youth_secret,
                                              {YOUTH_PLAN_TABLE: [youth.to_dict()]}, language)
            made.append(opened.profile)
            opened.lock()
            created.append(CreatedProfile(label, "youth", code))
        return created
    except BaseException:
        for profile in made:
            device.store.delete(profile)
        raise
