"""Screens of the family's plan: home, sections, goals, check-ins, evaluations, history."""
