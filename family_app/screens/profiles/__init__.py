"""Screens before a plan is open: language, welcome, setup, unlocking, recovery, new keys."""
