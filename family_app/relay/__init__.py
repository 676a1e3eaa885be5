"""Keeping the household in step through a WebDAV folder the family already has (docs/relay.md)."""
