"""The shared conformance suite, run against the sandbox in both ODL dialects."""

from __future__ import annotations

import pytest
from ebiblio_vendor_odl.provider import OdlProvider
from ebiblio_vendor_odl.sandbox import classic_key, make_sandbox

from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.testing.conformance import ConformanceSubject, ContentProviderConformance
from ebiblio_portal.vendorhttp import make_client


def _make_provider(base_url, sandbox_app, timeout):
    return OdlProvider(make_client(base_url, sandbox_app=sandbox_app, timeout=timeout), page_size=50)


class TestConformance(ContentProviderConformance):
    @pytest.fixture
    def subject(self):
        return ConformanceSubject(
            make_provider=_make_provider,
            sandbox=FaultInjector(make_sandbox(120)),
            lendable_key=classic_key("Seitsemän veljestä"),
        )


class TestConformanceInTheBentDialect(ContentProviderConformance):
    @pytest.fixture
    def subject(self):
        return ConformanceSubject(
            make_provider=_make_provider,
            sandbox=FaultInjector(make_sandbox(120, lenient=True)),
            lendable_key=classic_key("Rautatie"),
        )
