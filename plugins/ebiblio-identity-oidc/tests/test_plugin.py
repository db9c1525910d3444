"""Settings to provider: the plugin's hooks, called as the portal calls them."""

import configparser
import importlib.metadata
import pathlib

import pytest
from ebiblio_identity_oidc import plugin
from ebiblio_identity_oidc.relying_party import OIDCIdentification
from ebiblio_identity_oidc.sandbox import OIDCSandbox
from zope.interface.verify import verifyObject

from ebiblio_portal.config import load_plugins
from ebiblio_portal.interfaces import IIdentityProvider
from ebiblio_portal.plugins import make_plugin_manager
from ebiblio_portal.settings import SettingsError

PREFIX = "ebiblio.identity.oidc."
ROOT = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def no_secret_in_the_environment(monkeypatch):
    monkeypatch.delenv(plugin.CLIENT_SECRET_ENV, raising=False)


def sandboxes(settings=None):
    return {sandbox.name: sandbox.app for sandbox in plugin.register_sandboxes(settings=settings or {})}


def test_settings_are_declared_under_the_plugins_name():
    settings = {setting.name: setting for setting in plugin.register_settings()}
    assert all(name.startswith(PREFIX) for name in settings)
    assert settings[PREFIX + "issuer"].kind == "url"
    assert settings[PREFIX + "client_secret"].kind == "secret"
    assert settings[PREFIX + "client_secret"].env == "EBIBLIO_IDENTITY_OIDC_CLIENT_SECRET"
    assert settings[PREFIX + "allow_temporary_codes"].kind == "bool"


def test_the_sandbox_is_registered_as_idp():
    assert isinstance(sandboxes()["idp"], OIDCSandbox)


def test_no_issuer_means_no_provider():
    assert plugin.register_identity_providers(settings={}, sandboxes=sandboxes()) == []


def test_the_sandbox_issuer_wires_a_provider_to_the_sandbox():
    (provider,) = plugin.register_identity_providers(settings={PREFIX + "issuer": "sandbox"}, sandboxes=sandboxes())
    assert verifyObject(IIdentityProvider, provider) and provider.allow_temporary is True
    assert provider.metadata()["issuer"] == "http://sandbox.invalid"


def test_the_sandbox_issuer_needs_sandboxes():
    with pytest.raises(ValueError, match="sandboxes are off"):
        plugin.register_identity_providers(settings={PREFIX + "issuer": "sandbox"}, sandboxes={})


def test_a_real_issuer_needs_a_client_id_and_secret(monkeypatch):
    settings = {PREFIX + "issuer": "https://idp.example"}
    with pytest.raises(ValueError, match="client_id"):
        plugin.register_identity_providers(settings=settings, sandboxes={})
    monkeypatch.setenv(plugin.CLIENT_SECRET_ENV, "from-the-environment")
    (provider,) = plugin.register_identity_providers(
        settings={**settings, PREFIX + "client_id": "portal", PREFIX + "client_secret": "stale"}, sandboxes={}
    )
    assert isinstance(provider, OIDCIdentification) and provider.client_secret == "from-the-environment"
    assert provider.allow_temporary is False


def test_the_plugin_is_installed_under_its_entry_point():
    (entry_point,) = [ep for ep in importlib.metadata.entry_points(group="ebiblio_portal") if ep.name == "oidc"]
    assert entry_point.load() is plugin


def test_the_sandbox_issuer_is_refused_where_sandboxes_are_off():
    raw = {
        "sqlalchemy.url": "sqlite://",
        "ebiblio.secret": "s" * 32,
        "ebiblio.identity_key": "k" * 32,
        "ebiblio.sandbox": "false",
        PREFIX + "issuer": "sandbox",
    }
    with pytest.raises(SettingsError, match="sandboxes are off"):
        load_plugins(raw, make_plugin_manager(allow={"oidc"}))


def test_production_never_enables_the_sandbox_and_development_uses_it():
    production, development = configparser.ConfigParser(), configparser.ConfigParser()
    production.read(ROOT / "production.ini")
    development.read(ROOT / "development.ini")
    assert production["app:main"].get("ebiblio.sandbox") == "false"
    assert production["app:main"].get(PREFIX + "issuer", "") != "sandbox"
    assert development["app:main"].get(PREFIX + "issuer") == "sandbox"
