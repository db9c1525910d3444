"""Shared fixtures for the core's, the plugins' and the themes' tests."""

pytest_plugins = [
    "ebiblio_portal.testing.fixtures",
    "ebiblio_portal.testing.browser",
    "ebiblio_portal.testing.pii_guard",  # every log record of the run, for the no-identity-codes check
]
