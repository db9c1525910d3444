"""Settings, sandboxes and providers wired through the plugin's hooks."""

from __future__ import annotations

import importlib.metadata

import pluggy
import pytest
from ebiblio_vendor_odl import plugin
from ebiblio_vendor_odl.provider import OdlProvider
from ebiblio_vendor_odl.sandbox import OdlSandbox
from zope.interface.verify import verifyObject

from ebiblio_portal import hookspecs
from ebiblio_portal.interfaces import IContentProvider
from ebiblio_portal.sandbox import FaultInjector, serve_on_loopback
from ebiblio_portal.values import Origin


def _sandboxes(**settings):
    return {sandbox.name: sandbox.app for sandbox in plugin.register_sandboxes(settings=settings)}


def test_the_plugin_is_installed_under_its_entry_point():
    (entry_point,) = importlib.metadata.entry_points(group="ebiblio_portal", name="odl")
    assert entry_point.load() is plugin


def test_the_hooks_answer_through_pluggy():
    manager = pluggy.PluginManager("ebiblio_portal")
    manager.add_hookspecs(hookspecs)
    manager.register(plugin)
    manager.check_pending()
    (settings,) = manager.hook.register_settings()
    (sandboxes,) = manager.hook.register_sandboxes(settings={})
    sandbox_apps = {sandbox.name: sandbox.app for sandbox in sandboxes}
    (providers,) = manager.hook.register_content_providers(
        settings={"ebiblio.vendor.odl.url": "sandbox"}, sandboxes=sandbox_apps
    )
    assert {setting.name for setting in settings} >= {"ebiblio.vendor.odl.url", "ebiblio.vendor.odl.sandbox_size"}
    assert [provider.name for provider in providers] == ["odl"]


def test_every_setting_is_the_vendors_and_the_token_is_a_secret():
    settings = {setting.name: setting for setting in plugin.register_settings()}
    assert all(name.startswith("ebiblio.vendor.odl.") for name in settings)
    token = settings["ebiblio.vendor.odl.token"]
    assert (token.kind, token.env) == ("secret", "EBIBLIO_VENDOR_ODL_TOKEN")
    assert settings["ebiblio.vendor.odl.timeout"].kind == "int"
    assert settings["ebiblio.vendor.odl.sandbox_size"].default == 400


def test_the_sandbox_follows_its_settings():
    (sandbox,) = plugin.register_sandboxes(settings={})
    assert sandbox.name == "odl" and isinstance(sandbox.app, FaultInjector)
    assert len(sandbox.app.catalogue) == 400 and sandbox.app.lenient is False
    app = _sandboxes(**{"ebiblio.vendor.odl.sandbox_size": "50", "ebiblio.vendor.odl.sandbox_lenient": "true"})["odl"]
    assert len(app.catalogue) == 50 and app.lenient is True


def test_no_url_means_no_provider():
    assert plugin.register_content_providers(settings={}, sandboxes=_sandboxes()) == []
    assert plugin.register_content_providers(settings={"ebiblio.vendor.odl.url": " "}, sandboxes={}) == []


def test_the_sandbox_url_gives_a_provider_on_the_sandbox():
    settings = {
        "ebiblio.vendor.odl.url": "sandbox",
        "ebiblio.vendor.odl.page_size": "30",
        "ebiblio.vendor.odl.title": "Kotimaiset",
        "ebiblio.vendor.odl.sandbox_size": "70",
    }
    (provider,) = plugin.register_content_providers(settings=settings, sandboxes=_sandboxes(**settings))
    assert isinstance(provider, OdlProvider) and verifyObject(IContentProvider, provider)
    assert (provider.name, provider.title, provider.origin, provider.queues) == (
        "odl",
        "Kotimaiset",
        Origin.DOMESTIC,
        False,
    )
    assert [len(batch.records) for batch in provider.sync(None)] == [30, 30, 10]


def test_the_sandbox_url_without_sandboxes_is_an_error():
    with pytest.raises(ValueError, match="sandbox"):
        plugin.register_content_providers(settings={"ebiblio.vendor.odl.url": "sandbox"}, sandboxes={})


def test_a_url_that_is_neither_http_nor_sandbox_is_an_error():
    with pytest.raises(ValueError, match="ebiblio.vendor.odl.url"):
        plugin.register_content_providers(settings={"ebiblio.vendor.odl.url": "ftp://vendor"}, sandboxes={})


def test_a_real_url_with_token_timeout_and_method(monkeypatch):
    sandbox = FaultInjector(OdlSandbox(40, lenient=True))
    seen = []

    def app(environ, start_response):
        seen.append((environ["REQUEST_METHOD"], environ.get("HTTP_AUTHORIZATION")))
        return sandbox(environ, start_response)

    with serve_on_loopback(app) as url:
        settings = {
            "ebiblio.vendor.odl.url": url,
            "ebiblio.vendor.odl.token": "t0ken",
            "ebiblio.vendor.odl.timeout": "3",
            "ebiblio.vendor.odl.checkout_method": "get",
        }
        (provider,) = plugin.register_content_providers(settings=settings, sandboxes={})
        assert provider.checkout_method == "GET"
        assert provider.http.client.timeout.read == 3
        assert sum(len(batch.records) for batch in provider.sync(None)) == 40
    assert seen and all(authorization == "Bearer t0ken" for _, authorization in seen)
