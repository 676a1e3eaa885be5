"""A young person's own plan, their own shares, and the links they tell their family about."""
