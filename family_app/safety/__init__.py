"""When it is not safe at home: the national numbers to call, and the family's own safety
contacts that the family chose to show before unlocking."""
