"""Every fault switch of the sandbox becomes a VendorError, in process and over loopback."""

from __future__ import annotations

import uuid

import pytest
from ebiblio_vendor_odl.provider import OdlProvider
from ebiblio_vendor_odl.sandbox import classic_key

from ebiblio_portal.interfaces import MalformedResponse, VendorError, VendorUnavailable
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.vendorhttp import make_client

SEVEN_BROTHERS = classic_key("Seitsemän veljestä")


def _loopback_provider(url, timeout=5.0):
    return OdlProvider(make_client(url, timeout=timeout), page_size=25)


def test_a_slow_vendor_times_out_for_every_call(sandbox, until):
    sandbox.set("slow", slow_seconds=1.0)
    with serve_on_loopback(sandbox) as url:
        provider = _loopback_provider(url, timeout=0.2)
        with pytest.raises(VendorUnavailable):
            provider.availability(SEVEN_BROTHERS)
        with pytest.raises(VendorUnavailable):
            provider.checkout(SEVEN_BROTHERS, None, "patron-a", str(uuid.uuid4()), until)
        report = provider.health()
        assert report.ok is False and "Timeout" in report.detail


def test_a_slow_checkout_alone_times_out(sandbox, until):
    sandbox.set("slow", only="/checkout", slow_seconds=1.0)
    with serve_on_loopback(sandbox) as url:
        provider = _loopback_provider(url, timeout=0.3)
        assert provider.availability(SEVEN_BROTHERS).copies_available == 4
        with pytest.raises(VendorUnavailable):
            provider.checkout(SEVEN_BROTHERS, None, "patron-a", str(uuid.uuid4()), until)


def test_a_dropped_connection_during_lending_is_unavailable(sandbox, until):
    with serve_on_loopback(sandbox) as url:
        provider = _loopback_provider(url)
        grant = provider.checkout(SEVEN_BROTHERS, None, "patron-a", str(uuid.uuid4()), until)
        sandbox.set("drop", only="/loans/")
        with pytest.raises(VendorUnavailable):
            provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
        with pytest.raises(VendorUnavailable):
            provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id)
        sandbox.clear()
        provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
        assert provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id).status == "cancelled"


@pytest.mark.parametrize(
    ("fault", "error"),
    [("error", VendorUnavailable), ("malformed", MalformedResponse), ("truncate", MalformedResponse)],
)
def test_faulty_loan_documents_raise(sandbox, provider, until, fault, error):
    grant = provider.checkout(SEVEN_BROTHERS, None, "patron-a", str(uuid.uuid4()), until)
    sandbox.set(fault, only="/loans/")
    with pytest.raises(error):
        provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id)
    with pytest.raises(error):
        provider.fulfil(SEVEN_BROTHERS, grant.vendor_loan_id, "patron-a")
    with pytest.raises(error):
        provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)


@pytest.mark.parametrize(
    ("fault", "error"),
    [("error", VendorUnavailable), ("malformed", MalformedResponse), ("truncate", MalformedResponse)],
)
def test_a_faulty_checkout_raises(sandbox, provider, until, fault, error):
    sandbox.set(fault, only="/checkout")
    with pytest.raises(error):
        provider.checkout(SEVEN_BROTHERS, None, "patron-a", str(uuid.uuid4()), until)


@pytest.mark.parametrize("fault", ["malformed", "truncate", "error"])
def test_faulty_license_info_documents_raise(sandbox, provider, fault):
    sandbox.set(fault, only="/licenses/")
    with pytest.raises(VendorError):
        provider.availability(SEVEN_BROTHERS)


def test_a_sync_that_fails_half_way_resumes_from_the_last_cursor(sandbox, provider):
    sandbox.set("error", only="/feed")
    with pytest.raises(VendorUnavailable):
        list(provider.sync(None))
    sandbox.clear()
    batches = provider.sync(None)
    first = next(batches)
    sandbox.set("truncate")
    with pytest.raises(MalformedResponse):
        next(batches)
    sandbox.clear()
    rest = [record.vendor_key for batch in provider.sync(None, first.cursor) for record in batch.records]
    assert len(first.records) + len(rest) == 60


@pytest.mark.parametrize("fault", ["error", "malformed", "truncate", "drop"])
def test_health_reports_every_fault(sandbox, provider, fault):
    healthy = provider.health()
    assert healthy.ok and healthy.latency_ms is not None and healthy.latency_ms >= 0
    sandbox.set(fault)
    report = provider.health()
    assert report.ok is False and report.detail and report.latency_ms is not None
