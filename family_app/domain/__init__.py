"""The gezinsplan domain: plain Python records, validation, schema versions, scenarios.

No UI or storage imports here; screens and the vault build on these names.
"""
from family_app.domain.base import Part, Record, new_id
from family_app.domain.errors import N_, SchemaVersionError, ValidationError
from family_app.domain.plan import RECORD_TYPES, TABLES, Plan
from family_app.domain.records import (
    CIRCLES, DAYS, DECISIONS, ENDINGS, GOAL_KINDS, GOAL_RESULTS, GOAL_STATUSES, LIFE_DOMAINS,
    LOG_KINDS, RECIPIENT_KINDS, RESPONDENTS, ROLES, Agreement, Closure, Evaluation, Goal,
    GoalResult, GoalReview, Household, LogEntry, Member, NetworkPerson, Professional,
    SafetySnapshot, Satisfaction, Score, ShareRecord, Trajectory, TrustedPerson, YouthGoal,
    YouthPlan,
)
from family_app.domain.scenario import (
    FORMAT, Scenario, ScenarioError, load_scenario, parse_scenario, scenario_texts,
)
from family_app.domain.schema import MIGRATIONS, SCHEMA_VERSION, migrate, register_migration

__all__ = [
    "N_", "ValidationError", "SchemaVersionError", "Part", "Record", "new_id",
    "SCHEMA_VERSION", "MIGRATIONS", "migrate", "register_migration",
    "Household", "Member", "NetworkPerson", "Professional", "Score", "Goal", "Agreement",
    "SafetySnapshot", "LogEntry", "GoalReview", "Evaluation", "Trajectory", "GoalResult",
    "Satisfaction", "Closure", "YouthGoal", "TrustedPerson", "YouthPlan", "ShareRecord",
    "ROLES", "CIRCLES", "DAYS", "GOAL_KINDS", "LIFE_DOMAINS", "GOAL_STATUSES", "LOG_KINDS",
    "DECISIONS", "RESPONDENTS", "GOAL_RESULTS", "RECIPIENT_KINDS", "ENDINGS",
    "Plan", "TABLES", "RECORD_TYPES",
    "FORMAT", "Scenario", "ScenarioError", "load_scenario", "parse_scenario", "scenario_texts",
]
