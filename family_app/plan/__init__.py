"""The family's plan: reading it, writing it with history, and the plan in motion."""
