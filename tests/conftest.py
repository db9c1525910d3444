"""The core's tests use the shared fixtures; helpers are re-exported for the test modules."""

from ebiblio_portal.testing.fixtures import (  # noqa: F401
    POSTGRES_URL,
    base_settings,
    core_plugins,
    make_app,
    new_engine,
)
