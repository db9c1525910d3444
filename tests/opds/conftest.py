"""The OPDS tests read the same small catalogue as the catalogue's tests."""

from ..catalog.conftest import catalogue  # noqa: F401
