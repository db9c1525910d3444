"""Plugin loading: entry points, the allow-list, broken and misspelled plugins, and every hook."""

import inspect
import sys
import textwrap

import pytest

from ebiblio_portal import hookimpl, hookspecs
from ebiblio_portal.plugins import DEFAULT_PLUGINS, PluginLoadError, collect, make_plugin_manager, plugin_names


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """Install fake plugin distributions by writing dist-info folders onto sys.path (as pip would)."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def install(dist, entry_name, module_name, source):
        (tmp_path / f"{module_name}.py").write_text(textwrap.dedent(source))
        info = tmp_path / f"{dist}-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
        (info / "entry_points.txt").write_text(f"[ebiblio_portal]\n{entry_name} = {module_name}\n")
        return info

    yield install
    for name in list(sys.modules):
        if name.startswith("fake_"):
            del sys.modules[name]


VENDOR_SOURCE = """
    from ebiblio_portal import hookimpl
    from ebiblio_portal.values import Setting

    @hookimpl
    def register_settings():
        return [Setting("ebiblio.vendor.fake.url", "url")]
"""


def test_defaults_are_plugins_on_the_same_hooks():
    manager = make_plugin_manager(entry_points=False)
    for dotted in DEFAULT_PLUGINS:
        assert manager.has_plugin(dotted)
    names = {setting.name for setting in collect(manager.hook.register_settings)}
    assert {"sqlalchemy.url", "ebiblio.secret"} <= names
    assert [theme.name for theme in collect(manager.hook.register_themes, settings={})] == ["national"]


def test_an_installed_plugin_is_loaded_and_uninstalling_removes_it(installed, tmp_path):
    info = installed("fake-vendor", "fakevendor", "fake_vendor_plugin", VENDOR_SOURCE)
    manager = make_plugin_manager()
    assert "fakevendor" in plugin_names(manager)
    assert "ebiblio.vendor.fake.url" in {s.name for s in collect(manager.hook.register_settings)}
    for child in info.iterdir():
        child.unlink()
    info.rmdir()
    assert "fakevendor" not in plugin_names(make_plugin_manager())


def test_the_allow_list_restricts_what_loads(installed):
    installed("fake-vendor", "fakevendor", "fake_vendor_allowed", VENDOR_SOURCE)
    assert "fakevendor" not in plugin_names(make_plugin_manager(allow={"somethingelse"}))
    assert "fakevendor" in plugin_names(make_plugin_manager(allow={"fakevendor"}))


def test_a_plugin_that_raises_on_import_is_reported_and_skipped(installed, caplog):
    installed("fake-broken", "fakebroken", "fake_broken_plugin", "raise RuntimeError('boom at import')\n")
    manager = make_plugin_manager()
    assert "fakebroken" not in plugin_names(manager)
    assert [(f.name, f.error) for f in manager.failed_plugins if f.name == "fakebroken"] == [
        ("fakebroken", "RuntimeError: boom at import")
    ]
    assert "fakebroken failed to load" in caplog.text


def test_a_misspelled_hook_stops_start_up_naming_the_plugin():
    class Misspelled:
        @hookimpl
        def register_theems(self, settings):
            return []

    with pytest.raises(PluginLoadError, match="register_theems"):
        make_plugin_manager(entry_points=False, extra=[Misspelled()])


HOOKS = sorted(
    name for name, value in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(value, "ebiblio_portal_spec")
)


def test_every_hook_has_a_docstring():
    assert HOOKS, "no hook specifications found"
    for name in HOOKS:
        assert getattr(hookspecs, name).__doc__, f"hook {name} is undocumented"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_called_by_the_portal(hook, app_settings):
    """A plugin implementing the hook is called while the portal is configured."""
    from ebiblio_portal.config import configure

    from ..conftest import core_plugins

    calls = []

    class Spy:
        pass

    def implementation(*args):
        calls.append(args)
        return None if hook == "register_routes" else []

    params = list(inspect.signature(getattr(hookspecs, hook)).parameters)
    # pluggy passes exactly the arguments an implementation names.
    implementation.__signature__ = inspect.Signature(
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in params]
    )
    setattr(Spy, hook, staticmethod(hookimpl(implementation)))
    configure(app_settings, plugin_manager=core_plugins(Spy()))
    assert calls, f"{hook} was never called"


def test_a_hook_with_arguments_the_hook_lacks_is_refused_naming_the_plugin():
    class WrongArguments:
        @hookimpl
        def register_themes(self, setings):
            return []

    with pytest.raises(PluginLoadError, match="setings"):
        make_plugin_manager(entry_points=False, extra=[WrongArguments()])


def test_a_theme_that_is_not_a_theme_is_skipped_and_the_portal_starts(app_settings, caplog):
    from ebiblio_portal.config import configure
    from ebiblio_portal.services import lookup
    from ebiblio_portal.themes.services import ThemeRegistry

    from ..conftest import core_plugins

    class BrokenTheme:
        @staticmethod
        @hookimpl
        def register_themes(settings):
            return [object()]

    config = configure(app_settings, plugin_manager=core_plugins(BrokenTheme()))
    assert [theme.name for theme in lookup(config.registry, ThemeRegistry).all()] == ["national"]
    assert "does not implement ITheme" in caplog.text
