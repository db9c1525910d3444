"""Fixtures: a sandbox vendor on a stopped clock, wrapped in its fault switches, and a provider on it."""

import datetime as dt

import pytest
from ebiblio_vendor_magazines.provider import make_provider
from ebiblio_vendor_magazines.sandbox import SANDBOX_API_KEY, MagazineSandbox

from ebiblio_portal.sandbox import FaultInjector

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def vendor():
    """The sandbox vendor itself, its clock stopped at NOW."""
    return MagazineSandbox(clock=lambda: NOW)


@pytest.fixture
def sandbox(vendor):
    """The sandbox vendor behind its fault switches, as the portal mounts it."""
    return FaultInjector(vendor)


@pytest.fixture
def provider(sandbox):
    """A provider in process, with small pages so a sync takes several batches."""
    return make_provider("sandbox", SANDBOX_API_KEY, sandbox_app=sandbox, page_size=100, timeout=5.0)


@pytest.fixture
def client(provider):
    """The provider's own HTTP client: follows links the sandbox emits (covers, reader)."""
    return provider.http.client
