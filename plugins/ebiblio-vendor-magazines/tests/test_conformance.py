"""The shared conformance suite, run against the magazine vendor."""

import datetime as dt

import pytest
from ebiblio_vendor_magazines.provider import make_provider
from ebiblio_vendor_magazines.sandbox import SANDBOX_API_KEY, MagazineSandbox

from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.testing.conformance import ConformanceSubject, ContentProviderConformance

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def _provider(base_url, sandbox_app, timeout):
    return make_provider(base_url, SANDBOX_API_KEY, sandbox_app=sandbox_app, timeout=timeout, page_size=200)


class TestConformance(ContentProviderConformance):
    @pytest.fixture
    def subject(self):
        vendor = MagazineSandbox(clock=lambda: NOW)
        newest = max(vendor.issues_page(None, None, 10_000)[0], key=lambda issue: issue.modified)
        # Magazines lend nothing: every issue opens without a loan.
        return ConformanceSubject(make_provider=_provider, sandbox=FaultInjector(vendor), open_key=newest.id)
