"""Screens of sharing, on both sides: what and for whom, the codes, scanning, the consent
log, the begeleider's home and viewer, returns."""
