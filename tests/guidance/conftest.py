"""Guidance fixtures are registered for the whole suite in tests/conftest.py (pytest_plugins)."""
