"""A young person's own screens: home, goals, setup, sharing."""
