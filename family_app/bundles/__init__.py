"""What every bundle shares: its codes as screens handle them, its lifetime, scanning one in."""
