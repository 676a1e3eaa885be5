"""Helpers the tests share: test data, a second household device, the browser pilot."""
