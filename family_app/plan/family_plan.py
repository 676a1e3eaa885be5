"""Reading the family's plan out of its vault, and what the home screen shows of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from family_app.domain import Member, Plan
from family_app.plan.plan_book import PlanBook
from family_app.profiles.open_profile import OpenProfile


# What the home screen shows of the plan: not the log, the consent log, closures or the
# safety plan, which grow with the years or are a tap away (PlanBook.plan(parts=...)).
HOME_PARTS = ("household", "members", "network", "professionals", "goals", "agreements",
              "evaluations", "trajectory")


def load_plan(opened: OpenProfile) -> Plan:
    return PlanBook(opened).plan()


@dataclass
class HomeSummary:
    household_name: str
    members: list[Member]
    counts: dict[str, int] = field(default_factory=dict)


def home_summary(opened: OpenProfile) -> HomeSummary:
    return summarize(load_plan(opened))


def summarize(plan: Plan) -> HomeSummary:
    trajectory = plan.trajectory
    dates_known = sum(1 for value in (trajectory.referred, trajectory.first_visit,
                                      trajectory.plan_made, trajectory.closed) if value)
    return HomeSummary(
        household_name=plan.household.name if plan.household else "",
        members=list(plan.members),
        counts={"goals": len(plan.goals), "agreements": len(plan.agreements),
                "network": len(plan.network), "professionals": len(plan.professionals),
                "safety": len(plan.safety), "log": len(plan.log),
                "evaluations": len(plan.evaluations), "trajectory": dates_known})
