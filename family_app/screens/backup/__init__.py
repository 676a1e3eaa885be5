"""Screens of backups: saving one, and putting a plan back from one on a first start."""
