"""Fixtures shared by the ONIX plugin's tests: a sandbox vendor and providers talking to it."""

from __future__ import annotations

import pytest
from ebiblio_vendor_onix.provider import OnixProvider
from ebiblio_vendor_onix.sandbox import DEFAULT_TOKEN, OnixSandbox

from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.vendorhttp import make_client

SANDBOX_SIZE = 300
PAGE_SIZE = 100


def build_provider(base_url, sandbox_app, timeout=5.0, token=DEFAULT_TOKEN, page_size=PAGE_SIZE):
    client = make_client(base_url, sandbox_app=sandbox_app, token=token, timeout=timeout)
    return OnixProvider(client, page_size=page_size)


@pytest.fixture
def sandbox():
    return FaultInjector(OnixSandbox(SANDBOX_SIZE))


@pytest.fixture
def provider(sandbox):
    return build_provider("sandbox", sandbox)
