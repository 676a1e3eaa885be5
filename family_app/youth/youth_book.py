"""A young person's own plan, in its own vault: read it, change it, check in on a goal.

The whole YouthPlan is one record in the youth profile's `youth_plan` table, so every
change is one validated, atomic save of that record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from family_app.domain import Score, YouthGoal, YouthPlan
from family_app.profiles.open_profile import OpenProfile

YOUTH_PLAN_TABLE = "youth_plan"


class YouthBook:
    def __init__(self, opened: OpenProfile):
        self.opened = opened
        self.vault = opened.vault

    def plan(self) -> YouthPlan:
        docs = self.vault.records(YOUTH_PLAN_TABLE).all()
        if docs:
            return YouthPlan.from_dict(dict(docs[0]))
        return YouthPlan(owner_name=self.opened.profile.label)

    @property
    def version(self) -> int:
        """Goes up with every save: a begeleider's app tells a newer share from an older one."""
        return int(self.opened.setting("plan_version", 0))

    def save(self, plan: YouthPlan) -> YouthPlan:
        plan = plan.validated()
        with self.vault.action():
            self.vault.records(YOUTH_PLAN_TABLE).replace([plan.to_dict()])
            self.opened.put_setting("plan_version", self.version + 1)
        return plan

    def update(self, **changes) -> YouthPlan:
        """Change whole parts: going_well, worries, dreams, talk_to_when_hard, trusted_person."""
        return self.save(replace(self.plan(), **changes))

    def goal(self, goal_id: str) -> YouthGoal:
        return next(g for g in self.plan().goals if g.id == goal_id)

    def save_goal(self, goal: YouthGoal) -> YouthGoal:
        goal = goal.validated()
        plan = self.plan()
        goals = [goal if g.id == goal.id else g for g in plan.goals]
        if goal.id not in {g.id for g in plan.goals}:
            goals.append(goal)
        self.save(replace(plan, goals=goals))
        return goal

    def remove_goal(self, goal_id: str) -> None:
        plan = self.plan()
        self.save(replace(plan, goals=[g for g in plan.goals if g.id != goal_id]))

    def check_in(self, goal_id: str, score: int, note: str = "",
                 on: dt.date | None = None) -> YouthGoal:
        goal = self.goal(goal_id)
        goal.scores.append(Score(date=on or self.opened.today(), score=score,
                                 by=self.opened.profile.label, note=note))
        return self.save_goal(goal)
