"""The minimal vendor of docs/plugins.md is real: it passes the conformance suite and plugs into the portal."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest
import webtest
from sqlalchemy import func, select
from zope.interface.verify import verifyObject

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.config import configure
from ebiblio_portal.db import make_engine, make_session_factory
from ebiblio_portal.db.migrate import upgrade
from ebiblio_portal.interfaces import IContentProvider, VendorRefused
from ebiblio_portal.models import Publication
from ebiblio_portal.plugins import collect, make_plugin_manager
from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.services import lookup
from ebiblio_portal.testing import ConformanceSubject, ContentProviderConformance
from ebiblio_portal.vendors.services import VendorDirectory

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "examples" / "minimal_vendor.py"


def load_example():
    spec = importlib.util.spec_from_file_location("minimal_vendor_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


minimal_vendor = load_example()


class TestMinimalVendorConformance(ContentProviderConformance):
    @pytest.fixture
    def subject(self):
        return ConformanceSubject(
            make_provider=minimal_vendor.make_provider,
            sandbox=FaultInjector(minimal_vendor.MinimalSandbox()),
            lendable_key="kivi-1870",
        )


def test_the_last_seat_is_refused_then_freed():
    provider = minimal_vendor.make_provider("sandbox", minimal_vendor.MinimalSandbox())
    grant = provider.checkout("canth-1885", None, "patron-a", "loan-a", None)
    assert provider.availability("canth-1885").copies_available == 0
    with pytest.raises(VendorRefused):
        provider.checkout("canth-1885", None, "patron-b", "loan-b", None)
    provider.checkin("canth-1885", grant.vendor_loan_id)
    assert provider.checkout("canth-1885", None, "patron-b", "loan-b", None).status == "active"


def test_a_record_that_cannot_be_read_is_reported_not_fatal():
    sandbox = minimal_vendor.MinimalSandbox()
    sandbox.titles["aho-1884"]["published"] = "not a date"
    batches = list(minimal_vendor.make_provider("sandbox", sandbox).sync(None))
    keys = [record.vendor_key for batch in batches for record in batch.records]
    errors = [error for batch in batches for error in batch.errors]
    assert len(keys) == 4 and "aho-1884" not in keys
    assert len(errors) == 1 and "not a date" in errors[0].excerpt


def _settings(url="sqlite://", **extra):
    return {
        "sqlalchemy.url": url,
        "ebiblio.secret": "docs-secret-" + "x" * 32,
        "ebiblio.identity_key": "docs-identity-key-" + "y" * 32,
        "ebiblio.secure_cookies": "false",
        "ebiblio.sandbox": "true",
        "ebiblio.vendor.minimal.url": "sandbox",
        **extra,
    }


def test_the_hooks_are_spelled_right_and_declare_prefixed_settings():
    manager = make_plugin_manager(entry_points=False, extra=[minimal_vendor])
    names = [setting.name for setting in collect(manager.hook.register_settings)]
    assert [name for name in names if name.startswith("ebiblio.vendor.minimal.")] == [
        "ebiblio.vendor.minimal.url",
        "ebiblio.vendor.minimal.token",
        "ebiblio.vendor.minimal.timeout",
    ]


def test_the_portal_loads_serves_and_syncs_the_example(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'docs.sqlite'}")
    upgrade(engine)
    manager = make_plugin_manager(entry_points=False, extra=[minimal_vendor])
    config = configure(_settings(str(engine.url), **{"ebiblio.engine": engine}), plugin_manager=manager)
    provider = lookup(config.registry, VendorDirectory).get("minimal")
    assert provider is not None and verifyObject(IContentProvider, provider)

    app = webtest.TestApp(config.make_wsgi_app(), extra_environ={"HTTP_HOST": "localhost"})
    assert len(app.get("/sandbox/minimal/titles").json["titles"]) == 2

    report = CatalogueSync(make_session_factory(engine), provider).run()
    assert (report.status, report.seen, report.written) == ("ok", 5, 5)
    again = CatalogueSync(make_session_factory(engine), provider).run(full=True)
    assert (again.written, again.unchanged) == (0, 5)
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Publication)) == 5
    engine.dispose()


def test_without_a_url_the_vendor_is_not_configured():
    manager = make_plugin_manager(entry_points=False, extra=[minimal_vendor])
    config = configure(_settings(**{"ebiblio.vendor.minimal.url": ""}), plugin_manager=manager)
    assert lookup(config.registry, VendorDirectory).get("minimal") is None
