"""Afronding: the family closes its plan and sends its closure report."""
