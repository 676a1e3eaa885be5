"""Test vectors of docs/bundle-format.md and the script that writes them."""
