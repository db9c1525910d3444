"""Every fault switch of the sandbox becomes the right VendorError, in process and over loopback."""

import pytest
from ebiblio_vendor_magazines.provider import make_provider
from ebiblio_vendor_magazines.sandbox import SANDBOX_API_KEY

from ebiblio_portal.interfaces import MalformedResponse, VendorUnavailable
from ebiblio_portal.sandbox import serve_on_loopback

ISSUE = "kuvaviikko-20260610"
EXPECTED = {"error": VendorUnavailable, "drop": VendorUnavailable, "malformed": MalformedResponse}
EXPECTED["truncate"] = MalformedResponse

CALLS = {
    "sync": lambda provider: list(provider.sync(None)),
    "availability": lambda provider: provider.availability(ISSUE),
    "fulfil": lambda provider: provider.fulfil(ISSUE, None, "patron-1"),
}


@pytest.mark.parametrize("fault", sorted(EXPECTED))
@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_fault_becomes_a_vendor_error(provider, sandbox, fault, call):
    sandbox.set(fault)
    with pytest.raises(EXPECTED[fault]):
        CALLS[call](provider)


@pytest.mark.parametrize("fault", sorted(EXPECTED))
def test_a_fault_makes_health_not_ok(provider, sandbox, fault):
    sandbox.set(fault)
    report = provider.health()
    assert report.ok is False and report.detail


@pytest.mark.parametrize("only", ["/v1/titles", "/v1/issues/removed"])
def test_a_fault_on_one_endpoint_stops_the_sync(provider, sandbox, only):
    sandbox.set("truncate", only=only)
    with pytest.raises(MalformedResponse):
        list(provider.sync(None))


def test_a_fault_on_the_issue_pages_comes_after_the_titles(provider, sandbox):
    sandbox.set("error", only="/v1/issues")
    batches = provider.sync(None)
    with pytest.raises(VendorUnavailable, match="v1/issues answered 503"):
        next(batches)


def test_a_slow_vendor_times_out_over_loopback(sandbox):
    sandbox.set("slow", slow_seconds=1.0)
    with serve_on_loopback(sandbox) as url:
        provider = make_provider(url, SANDBOX_API_KEY, timeout=0.2)
        with pytest.raises(VendorUnavailable, match="Timeout"):
            provider.fulfil(ISSUE, None, "patron-1")
    sandbox.clear()


def test_a_dropped_connection_over_loopback_is_unavailable(sandbox):
    sandbox.set("drop", only="/v1/issues/")
    with serve_on_loopback(sandbox) as url:
        provider = make_provider(url, SANDBOX_API_KEY, timeout=2.0)
        with pytest.raises(VendorUnavailable):
            provider.availability(ISSUE)


def test_over_loopback_the_vendor_works_for_real(sandbox):
    with serve_on_loopback(sandbox) as url:
        provider = make_provider(url, SANDBOX_API_KEY, timeout=5.0, page_size=250)
        records = [record for batch in provider.sync(None) for record in batch.records]
        assert len(records) == sandbox.listed_count()
        assert records[0].cover_url.startswith(url + "covers/")
        link = provider.fulfil(ISSUE, None, "patron-1")
        assert link.href.startswith(url + "reader/")
        assert provider.http.client.get(link.href).status_code == 200
