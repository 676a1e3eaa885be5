"""Backups: one profile whole, in one encrypted file that opens with its recovery code.

`backup_file` is the format (bytes in, bytes out; docs/backup-format.md), `making` writes a
backup of an open profile, `restoring` makes a profile on this device from one, and
`reminder` says when the last one was made.
"""
