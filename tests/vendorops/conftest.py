"""A portal with two test vendors: one healthy, one that never answers its health check in time."""

import threading

import pytest
from zope.interface import implementer

from ebiblio_portal import hookimpl
from ebiblio_portal.interfaces import IContentProvider
from ebiblio_portal.testing.fixtures import core_plugins, make_app
from ebiblio_portal.values import HealthReport, Origin, SyncBatch

from ..common.staff import as_who, cast  # noqa: F401


@implementer(IContentProvider)
class TestVendor:
    origin = Origin.DOMESTIC
    queues = False

    def __init__(self, name, title, healthy=True, hangs=False):
        self.name, self.title, self.healthy, self.hangs = name, title, healthy, hangs
        self.release = threading.Event()

    def sync(self, since, cursor=None):
        yield SyncBatch(records=[], cursor=None)

    def availability(self, vendor_key):
        raise NotImplementedError

    def checkout(self, vendor_key, license_identifier, patron_ref, loan_id, ends):
        raise NotImplementedError

    def checkin(self, vendor_key, vendor_loan_id):
        raise NotImplementedError

    def loan_status(self, vendor_key, vendor_loan_id):
        raise NotImplementedError

    def place_hold(self, vendor_key, patron_ref, hold_id):
        raise NotImplementedError

    def release_hold(self, vendor_key, vendor_hold_id):
        raise NotImplementedError

    def fulfil(self, vendor_key, vendor_loan_id, patron_ref):
        raise NotImplementedError

    def health(self):
        if self.hangs:
            self.release.wait(30)
        if not self.healthy:
            raise ConnectionError("connection refused")
        return HealthReport(ok=True, detail="fine", latency_ms=12.0)


class TestVendors:
    def __init__(self):
        self.providers = [
            TestVendor("alpha", "Alpha Books"),
            TestVendor("broken", "Broken Audio", healthy=False),
            TestVendor("slow", "Slow Magazines", hangs=True),
        ]

    @hookimpl
    def register_content_providers(self, settings, sandboxes):
        return self.providers


@pytest.fixture
def vendors():
    found = TestVendors()
    yield found
    for provider in found.providers:
        provider.release.set()


@pytest.fixture
def app(app_settings, vendors, monkeypatch):
    monkeypatch.setattr("ebiblio_portal.vendorops.health.TIMEOUT", 0.5)
    return make_app(app_settings, core_plugins(vendors))
