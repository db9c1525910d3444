"""Settings to provider: the plugin's hooks, called as the portal calls them."""

import importlib.metadata

import pytest
from ebiblio_vendor_magazines import plugin
from ebiblio_vendor_magazines.provider import MagazineProvider
from zope.interface.verify import verifyObject

from ebiblio_portal.interfaces import IContentProvider, VendorRefused
from ebiblio_portal.plugins import collect, make_plugin_manager
from ebiblio_portal.sandbox import FaultInjector, serve_on_loopback
from ebiblio_portal.values import Origin

PREFIX = "ebiblio.vendor.magazines."


@pytest.fixture(autouse=True)
def no_key_in_the_environment(monkeypatch):
    monkeypatch.delenv(plugin.API_KEY_ENV, raising=False)


@pytest.fixture
def sandboxes():
    return {sandbox.name: sandbox.app for sandbox in plugin.register_sandboxes(settings={PREFIX + "sandbox_size": "4"})}


def test_settings_are_declared_under_the_vendors_name():
    settings = {setting.name: setting for setting in plugin.register_settings()}
    assert all(name.startswith(PREFIX) for name in settings)
    assert settings[PREFIX + "api_key"].kind == "secret"
    assert settings[PREFIX + "api_key"].env == "EBIBLIO_VENDOR_MAGAZINES_API_KEY"
    assert settings[PREFIX + "url"].kind == "url"
    assert settings[PREFIX + "timeout"].kind == "int" and settings[PREFIX + "timeout"].default == 10


def test_the_sandbox_is_registered_behind_fault_switches(sandboxes):
    assert set(sandboxes) == {"magazines"}
    assert isinstance(sandboxes["magazines"], FaultInjector)
    assert len(sandboxes["magazines"].periodicals) == 4


def test_no_url_means_no_provider(sandboxes):
    assert plugin.register_content_providers(settings={}, sandboxes=sandboxes) == []
    assert plugin.register_content_providers(settings={PREFIX + "url": " "}, sandboxes=sandboxes) == []


def test_the_sandbox_url_wires_a_provider_to_the_sandbox(sandboxes):
    (provider,) = plugin.register_content_providers(
        settings={PREFIX + "url": "sandbox", PREFIX + "page_size": "50", PREFIX + "link_seconds": "600"},
        sandboxes=sandboxes,
    )
    assert verifyObject(IContentProvider, provider)
    assert provider.name == "magazines" and provider.origin is Origin.DOMESTIC and provider.queues is False
    batches = list(provider.sync(None))
    records = [record for batch in batches for record in batch.records]
    assert len(records) == sandboxes["magazines"].listed_count()
    assert all(len(batch.records) <= 50 for batch in batches)
    # The portal serves the sandbox under /sandbox/magazines/: links point there.
    assert records[0].cover_url.startswith("/sandbox/magazines/covers/")
    link = provider.fulfil(records[0].vendor_key, None, "patron-1")
    assert link.href.startswith("/sandbox/magazines/reader/")
    assert (link.expires - sandboxes["magazines"].now).total_seconds() == pytest.approx(600, abs=2)


def test_the_sandbox_and_provider_share_a_configured_key():
    settings = {PREFIX + "url": "sandbox", PREFIX + "api_key": "configured-key"}
    sandboxes = {sandbox.name: sandbox.app for sandbox in plugin.register_sandboxes(settings=settings)}
    assert sandboxes["magazines"].api_key == "configured-key"
    (provider,) = plugin.register_content_providers(settings=settings, sandboxes=sandboxes)
    assert provider.health().ok


def test_a_real_vendor_needs_an_api_key():
    with pytest.raises(ValueError, match="api_key"):
        plugin.register_content_providers(settings={PREFIX + "url": "https://magazines.example/api/"}, sandboxes={})


def test_a_real_vendor_is_reached_at_its_url_with_its_key(sandboxes):
    vendor = sandboxes["magazines"]
    with serve_on_loopback(vendor) as url:
        settings = {PREFIX + "url": url, PREFIX + "api_key": "magazines-sandbox-key", PREFIX + "timeout": "3"}
        (provider,) = plugin.register_content_providers(settings=settings, sandboxes={})
        assert isinstance(provider, MagazineProvider)
        assert provider.health().ok
        record = next(iter(provider.sync(None))).records[0]
        assert record.cover_url.startswith(url)
        wrong = {**settings, PREFIX + "api_key": "wrong"}
        (refused,) = plugin.register_content_providers(settings=wrong, sandboxes={})
        with pytest.raises(VendorRefused, match="API key"):
            refused.availability(record.vendor_key)


def test_the_environment_overrides_the_api_key(monkeypatch, sandboxes):
    monkeypatch.setenv(plugin.API_KEY_ENV, "magazines-sandbox-key")
    with serve_on_loopback(sandboxes["magazines"]) as url:
        settings = {PREFIX + "url": url, PREFIX + "api_key": "stale-key-from-the-ini"}
        (provider,) = plugin.register_content_providers(settings=settings, sandboxes={})
        assert provider.health().ok


def test_the_plugin_is_installed_under_its_entry_point():
    (entry_point,) = [ep for ep in importlib.metadata.entry_points(group="ebiblio_portal") if ep.name == "magazines"]
    assert entry_point.load() is plugin


def test_the_portal_loads_the_plugin_and_collects_its_provider():
    manager = make_plugin_manager(allow={"magazines"})
    assert manager.has_plugin("magazines")
    names = {setting.name for setting in collect(manager.hook.register_settings)}
    assert PREFIX + "api_key" in names and "sqlalchemy.url" in names
    sandboxes = {s.name: s.app for s in collect(manager.hook.register_sandboxes, settings={})}
    providers = collect(
        manager.hook.register_content_providers, settings={PREFIX + "url": "sandbox"}, sandboxes=sandboxes
    )
    assert [provider.name for provider in providers] == ["magazines"]
