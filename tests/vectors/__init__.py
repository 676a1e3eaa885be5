"""Test vectors of docs/bundle-format.md, the scripts that write them and the conformance runner."""
