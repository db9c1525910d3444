import os

import pytest
from ebiblio_theme_kauniainen import plugin as kauniainen

from ebiblio_portal.testing.fixtures import core_plugins, make_app

from ..common.staff import as_who, cast  # noqa: F401

THEMES = os.path.join(os.path.dirname(__file__), "..", "..", "themes")


@pytest.fixture
def app(app_settings):
    """The portal with both example themes: the kauniainen package and the jakobstad folder."""
    return make_app(dict(app_settings, **{"ebiblio.theme_folders": THEMES}), core_plugins(kauniainen))
