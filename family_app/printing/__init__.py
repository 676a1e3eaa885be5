"""The plan on paper: the chosen sections as one page for A4, and every print in the consent log."""
