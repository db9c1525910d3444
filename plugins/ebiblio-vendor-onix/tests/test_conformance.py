"""The portal's conformance suite, run against the ONIX vendor's own sandbox."""

from __future__ import annotations

import pytest
from ebiblio_vendor_onix.sandbox import OnixSandbox

from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.testing.conformance import ConformanceSubject, ContentProviderConformance

from .conftest import build_provider


class TestConformance(ContentProviderConformance):
    @pytest.fixture
    def subject(self):
        return ConformanceSubject(
            make_provider=lambda base_url, sandbox_app, timeout: build_provider(base_url, sandbox_app, timeout),
            sandbox=FaultInjector(OnixSandbox(300)),
            lendable_key="NL0000000",
        )
