"""Sharing with a begeleider: pairing, shares and the consent log, the viewer, returns."""
