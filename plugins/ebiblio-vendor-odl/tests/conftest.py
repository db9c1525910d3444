"""Fixtures shared by the ODL plugin's tests: a small sandbox and a provider on it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ebiblio_vendor_odl.provider import OdlProvider
from ebiblio_vendor_odl.sandbox import make_sandbox

from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.vendorhttp import make_client

SANDBOX_SIZE = 60
PAGE_SIZE = 25


@pytest.fixture
def sandbox():
    """A strict-dialect sandbox of 60 publications behind fault switches."""
    return FaultInjector(make_sandbox(SANDBOX_SIZE))


@pytest.fixture
def lenient_sandbox():
    """The same catalogue in the bent dialect."""
    return FaultInjector(make_sandbox(SANDBOX_SIZE, lenient=True))


@pytest.fixture
def provider(sandbox):
    return OdlProvider(make_client("sandbox", sandbox_app=sandbox), page_size=PAGE_SIZE)


@pytest.fixture
def lenient_provider(lenient_sandbox):
    return OdlProvider(make_client("sandbox", sandbox_app=lenient_sandbox), page_size=PAGE_SIZE)


@pytest.fixture
def until():
    """A loan end two weeks from now."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=14)


class StaticVendor:
    """A WSGI vendor answering fixed documents by path, for documents the sandbox never sends."""

    def __init__(self, routes):
        # routes: {(method, path): (status, document or bytes, headers)}
        self.routes = routes
        self.requests = []

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        self.requests.append((method, path, environ.get("QUERY_STRING", "")))
        status, body, headers = self.routes.get((method, path), (404, {"type": "about:blank"}, {}))
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        start_response(f"{status} X", [("Content-Length", str(len(body))), *headers.items()])
        return [body]


@pytest.fixture
def static_provider():
    """``static_provider(routes)`` builds a provider on a ``StaticVendor`` with those routes."""

    def build(routes, **options):
        vendor = StaticVendor(routes)
        return OdlProvider(make_client("sandbox", sandbox_app=vendor), **options), vendor

    return build
