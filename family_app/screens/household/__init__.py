"""Screens of household devices: the devices, joining, conflicts."""
