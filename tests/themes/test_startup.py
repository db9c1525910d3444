"""Theme plugins and folders at start-up: refused palettes, malformed folders, `ebiblio plugins`."""

import json
import logging
import pathlib
import shutil
import textwrap

from ebiblio_portal import hookimpl
from ebiblio_portal.cli import main
from ebiblio_portal.config import configure
from ebiblio_portal.services import lookup
from ebiblio_portal.testing.fixtures import core_plugins
from ebiblio_portal.themes import Theme
from ebiblio_portal.themes.folders import load_folders
from ebiblio_portal.themes.services import ThemeRegistry

from .conftest import THEMES

GREY = Theme(
    name="grey",
    title="Too grey",
    municipality_code="837",
    tokens={"color-text": "#777777", "color-surface": "#ffffff"},
)


class GreyPlugin:
    @staticmethod
    @hookimpl
    def register_themes(settings):
        return [GREY]


def test_a_theme_failing_contrast_is_refused_and_named_in_the_log(app_settings, caplog):
    config = configure(app_settings, plugin_manager=core_plugins(GreyPlugin()))
    registry = lookup(config.registry, ThemeRegistry)
    assert registry.get("grey") is None
    assert registry.for_municipality("837", "grey").name == "national"
    assert "theme 'grey' refused: text #777777 on background #ffffff is 4.48:1, needs 4.5:1" in caplog.text
    (failed,) = config.registry.plugins.failed_plugins
    assert failed.name == "theme grey" and "4.48:1" in failed.error


def test_the_refused_themes_municipality_wears_the_national_look(testapp, dbsession, app_settings):
    from ebiblio_portal.models import Municipality
    from ebiblio_portal.testing.fixtures import make_app

    from ..common.staff import HOME, join

    join(dbsession, HOME)
    dbsession.get(Municipality, HOME).theme_name = "grey"
    dbsession.flush()
    testapp.app = make_app(app_settings, core_plugins(GreyPlugin()))
    page = testapp.get("/kunta/tampere")
    assert 'href="/theme/national.css"' in page.text


def test_the_folder_theme_loads_with_its_images_and_blocks():
    (theme,) = load_folders([THEMES])
    assert (theme.name, theme.municipality_code) == ("jakobstad", "598")
    assert theme.logo == "/theme-static/jakobstad/logo.svg"
    assert theme.hero_choices() == ("/theme-static/jakobstad/hero.svg", "/theme-static/jakobstad/hero-sea.svg")
    assert theme.template_dir.endswith("themes/jakobstad/templates")


def _folder(tmp_path, name, manifest):
    folder = tmp_path / name
    shutil.copytree(f"{THEMES}/jakobstad", folder)
    (folder / "theme.json").write_text(manifest if isinstance(manifest, str) else json.dumps(manifest))
    return folder


def test_a_malformed_folder_is_skipped_with_a_clear_log_line(tmp_path, caplog):
    caplog.set_level(logging.ERROR)
    good = json.loads(pathlib.Path(f"{THEMES}/jakobstad/theme.json").read_text())
    _folder(tmp_path, "broken-json", '{"name": "x",')
    _folder(tmp_path, "missing-logo", dict(good, name="nologo", logo="nothere.svg"))
    _folder(tmp_path, "bad-name", dict(good, name="../etc"))
    _folder(tmp_path, "unknown-key", dict(good, name="extra", script="x.js"))
    _folder(tmp_path, "bad-tokens", dict(good, name="tokens", tokens=["#fff"]))
    _folder(tmp_path, "fine", dict(good, name="fine"))
    assert [theme.name for theme in load_folders([str(tmp_path), str(tmp_path / "nowhere")])] == ["fine"]
    log = caplog.text
    assert "broken-json is skipped: theme.json cannot be read" in log
    assert "missing-logo is skipped: logo 'nothere.svg' is not in static/" in log
    assert "bad-name is skipped: name must be lower-case letters" in log
    assert "unknown-key is skipped: theme.json has unknown keys: script" in log
    assert "bad-tokens is skipped: tokens must be an object" in log
    assert "nowhere is skipped: it is not a directory" in log


def _plugins_listing(tmp_path, capsys, theme_folders):
    """What ``ebiblio plugins`` prints for a minimal ini with ``theme_folders``."""
    ini = tmp_path / "test.ini"
    ini.write_text(
        textwrap.dedent(
            f"""
            [app:main]
            use = egg:ebiblio-portal
            sqlalchemy.url = sqlite:///{tmp_path}/cli.sqlite
            ebiblio.secret = cli-test-secret-0123456789abcdef0123
            ebiblio.identity_key = cli-test-identity-key-0123456789abcdef
            ebiblio.plugins = locales
            ebiblio.theme_folders = {theme_folders}
            """
        )
    )
    assert main(["-c", str(ini), "plugins"]) == 0
    return capsys.readouterr().out


def test_ebiblio_plugins_lists_a_refused_folder_theme_like_a_failed_plugin(tmp_path, capsys):
    good = json.loads(pathlib.Path(f"{THEMES}/jakobstad/theme.json").read_text())
    _folder(
        tmp_path / "themes", "pale", dict(good, name="pale", tokens=dict(good["tokens"], **{"color-muted": "#aaaaaa"}))
    )
    out = _plugins_listing(tmp_path, capsys, f"{tmp_path}/themes {THEMES}")
    assert "FAILED    theme pale: refused: muted #aaaaaa on background #ffffff is 2.32:1, needs 4.5:1" in out
    assert "Themes:    jakobstad, national" in out


def test_ebiblio_plugins_lists_a_malformed_theme_folder(tmp_path, capsys):
    good = json.loads(pathlib.Path(f"{THEMES}/jakobstad/theme.json").read_text())
    broken = _folder(tmp_path / "themes", "missing-logo", dict(good, name="nologo", logo="nothere.svg"))
    out = _plugins_listing(tmp_path, capsys, f"{tmp_path}/themes {tmp_path}/nowhere {THEMES}")
    assert f"FAILED    theme folder {broken}: skipped: logo 'nothere.svg' is not in static/" in out
    assert f"FAILED    theme folder {tmp_path}/nowhere: skipped: it is not a directory" in out
    assert "Themes:    jakobstad, national" in out
