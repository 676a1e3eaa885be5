"""Screens of afronding: the closure wizard, done, and the begeleider's closure reports."""
