import pytest

from ebiblio_portal.config import load_plugins
from ebiblio_portal.settings import SettingsError, check, redacted
from ebiblio_portal.values import Setting

from ..conftest import base_settings, core_plugins


def test_a_missing_required_setting_names_itself_and_the_file():
    settings = base_settings()
    del settings["ebiblio.secret"]
    with pytest.raises(SettingsError, match=r"ebiblio\.secret is missing in testing\.ini"):
        load_plugins(settings, core_plugins())


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ebiblio.sandbox", "perhaps", "expected true or false"),
        ("ebiblio.secret", "short", "at least 32 characters"),
        ("ebiblio.default_language", "de", "expected one of fi, sv, en"),
        ("sqlalchemy.url", "not a url", "expected a URL"),
    ],
)
def test_a_malformed_setting_names_itself_the_file_and_the_problem(name, value, message):
    with pytest.raises(SettingsError) as raised:
        load_plugins(base_settings(**{name: value}), core_plugins())
    assert name in str(raised.value) and "testing.ini" in str(raised.value) and message in str(raised.value)


def test_settings_are_typed_and_defaults_filled():
    _manager, settings = load_plugins(base_settings(), core_plugins())
    assert settings["ebiblio.sandbox"] is True
    assert settings["ebiblio.secure_cookies"] is False
    assert settings["ebiblio.default_language"] == "fi"
    assert settings["ebiblio.plugins"] is None


def test_the_environment_overrides_the_file(monkeypatch):
    monkeypatch.setenv("EBIBLIO_DATABASE_URL", "postgresql+psycopg://db.example/ebiblio")
    _manager, settings = load_plugins(base_settings(), core_plugins())
    assert settings["sqlalchemy.url"] == "postgresql+psycopg://db.example/ebiblio"


def test_int_and_list_kinds():
    declared = [Setting("a.count", "int"), Setting("a.names", "list")]
    checked = check({"a.count": " 12 ", "a.names": "one, two three"}, declared)
    assert checked["a.count"] == 12 and checked["a.names"] == ["one", "two", "three"]
    with pytest.raises(SettingsError, match="a.count .* whole number"):
        check({"a.count": "twelve"}, declared)


def test_secrets_never_reach_the_redacted_view():
    declared = [Setting("x.token", "secret"), Setting("x.key", "key"), Setting("x.url", "url")]
    shown = redacted({"x.token": "t0ps3cret", "x.key": "k" * 40, "x.url": "https://v.example"}, declared)
    assert shown == {"x.token": "***", "x.key": "***", "x.url": "https://v.example"}


def test_a_sandbox_address_is_refused_where_sandboxes_are_off():
    from ebiblio_portal import hookimpl

    class Vendor:
        @staticmethod
        @hookimpl
        def register_settings():
            return [Setting("ebiblio.vendor.x.url", "url")]

    settings = base_settings(**{"ebiblio.sandbox": "false", "ebiblio.vendor.x.url": "sandbox"})
    with pytest.raises(SettingsError, match=r"ebiblio\.vendor\.x\.url .* sandboxes are off"):
        load_plugins(settings, core_plugins(Vendor()))


def test_production_ini_never_enables_sandboxes():
    import configparser
    import pathlib

    parser = configparser.ConfigParser(interpolation=None)
    parser.read(pathlib.Path(__file__).parents[2] / "production.ini")
    assert parser["app:main"]["ebiblio.sandbox"].strip() == "false"
    assert parser["app:main"]["ebiblio.secure_cookies"].strip() == "true"
    assert not parser["app:main"]["ebiblio.secret"].strip(), "secrets come from the environment"
