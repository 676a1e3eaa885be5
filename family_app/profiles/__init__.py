"""Profiles on this device: first start, unlocking, the open profile, export and the demo."""
