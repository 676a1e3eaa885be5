"""Screens for when it is not safe: the safety card (open before unlocking) and the choice
of the family's own contacts on it."""
