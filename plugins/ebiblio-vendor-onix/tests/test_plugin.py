"""The plugin's hooks: settings, sandbox and provider wiring, and what reaches the logs."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import pytest
from ebiblio_vendor_onix import plugin
from ebiblio_vendor_onix.provider import OnixProvider
from zope.interface.verify import verifyObject

from ebiblio_portal.interfaces import ICatalogueFile, IContentProvider, VendorRefused
from ebiblio_portal.plugins import collect, make_plugin_manager
from ebiblio_portal.values import Origin

URL = "ebiblio.vendor.onix.url"


@pytest.fixture
def sandboxes():
    return {sandbox.name: sandbox.app for sandbox in plugin.register_sandboxes(settings={})}


def test_settings_are_declared_under_the_vendor_prefix():
    settings = {setting.name: setting for setting in plugin.register_settings()}
    assert all(name.startswith("ebiblio.vendor.onix.") for name in settings)
    token = settings["ebiblio.vendor.onix.token"]
    assert token.kind == "secret" and token.env == "EBIBLIO_VENDOR_ONIX_TOKEN"
    assert settings["ebiblio.vendor.onix.timeout"].kind == "int"


def test_no_url_means_no_provider(sandboxes):
    assert plugin.register_content_providers(settings={}, sandboxes=sandboxes) == []


def test_the_sandbox_url_wires_a_working_provider(sandboxes):
    (provider,) = plugin.register_content_providers(
        settings={URL: "sandbox", "ebiblio.vendor.onix.page_size": "50", "ebiblio.vendor.onix.title": "Ulkomaiset"},
        sandboxes=sandboxes,
    )
    assert isinstance(provider, OnixProvider) and verifyObject(IContentProvider, provider)
    assert verifyObject(ICatalogueFile, provider)
    assert provider.origin is Origin.FOREIGN and provider.queues is True and provider.title == "Ulkomaiset"
    assert len(next(iter(provider.sync(None))).records) == 50


def test_the_sandbox_size_setting_sizes_the_catalogue():
    (sandbox,) = plugin.register_sandboxes(settings={"ebiblio.vendor.onix.sandbox_size": "1000"})
    assert len(sandbox.app.catalogue) == 1000


def test_a_sandbox_url_without_sandboxes_is_a_configuration_error():
    with pytest.raises(ValueError, match="sandbox"):
        plugin.register_content_providers(settings={URL: "sandbox"}, sandboxes={})


def test_the_token_comes_from_the_environment(sandboxes, monkeypatch):
    monkeypatch.setenv("EBIBLIO_VENDOR_ONIX_TOKEN", "from-the-environment")
    (provider,) = plugin.register_content_providers(settings={URL: "sandbox"}, sandboxes=sandboxes)
    with pytest.raises(VendorRefused, match="token"):
        provider.availability("NL0000000")


def test_the_entry_point_loads_the_plugin():
    manager = make_plugin_manager(allow={"onix"})
    assert "onix" in [sandbox.name for sandbox in collect(manager.hook.register_sandboxes, settings={})]


def test_no_token_or_patron_reaches_the_logs(sandboxes, caplog):
    secret, patron = "s3cret-token-value", "patron-ref-0042"
    sandbox = sandboxes["onix"].app  # the vendor itself, behind its fault switches
    sandbox.token = secret
    (provider,) = plugin.register_content_providers(
        settings={URL: "sandbox", "ebiblio.vendor.onix.token": secret}, sandboxes=sandboxes
    )
    with caplog.at_level(logging.DEBUG):
        list(provider.sync(None))
        grant = provider.checkout(
            "NL0000000", None, patron, str(uuid.uuid4()), dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
        )
        provider.fulfil("NL0000000", grant.vendor_loan_id, patron)
        provider.place_hold("NL0000000", patron, "hold-1")
        sandbox.token = "rotated"
        with pytest.raises(VendorRefused) as refused:
            provider.availability("NL0000000")
    assert caplog.records, "the provider logs its requests"
    assert secret not in caplog.text and patron not in caplog.text
    assert secret not in str(refused.value)
