"""One issue at a time: availability, no loans, signed reader links, the API key and the logs."""

import datetime as dt
import logging
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from ebiblio_vendor_magazines.provider import make_provider
from ebiblio_vendor_magazines.sandbox import MagazineSandbox

from ebiblio_portal.interfaces import VendorRefused
from ebiblio_portal.values import Availability, FulfilmentLink

ISSUE = "kuvaviikko-20260610"
NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def test_an_issue_is_available_without_limit(provider):
    availability = provider.availability(ISSUE)
    assert availability == Availability(vendor_key=ISSUE, copies_total=None, copies_available=None)


def test_an_unknown_issue_is_refused(provider):
    with pytest.raises(VendorRefused, match="no-such-issue"):
        provider.availability("no-such-issue")
    with pytest.raises(VendorRefused):
        provider.fulfil("no-such-issue", None, "patron-1")


def test_a_key_with_a_slash_stays_one_path_segment(provider):
    with pytest.raises(VendorRefused, match="has no"):
        provider.availability("../health")


@pytest.mark.parametrize(
    "call",
    [
        lambda p: p.checkout(ISSUE, None, "patron-1", "loan-1", NOW + dt.timedelta(days=14)),
        lambda p: p.place_hold(ISSUE, "patron-1", "hold-1"),
        lambda p: p.release_hold(ISSUE, "hold-1"),
    ],
    ids=["checkout", "place_hold", "release_hold"],
)
def test_issues_are_never_lent_nor_queued(provider, call):
    with pytest.raises(VendorRefused, match="simultaneous use: open without a loan"):
        call(provider)


def test_checkin_does_nothing_and_there_is_no_loan_status(provider):
    assert provider.checkin(ISSUE, "loan-1") is None
    assert provider.loan_status(ISSUE, "loan-1") is None


def test_fulfil_gives_a_signed_expiring_reader_link(provider, client):
    link = provider.fulfil(ISSUE, None, "patron-7")
    assert isinstance(link, FulfilmentLink)
    assert link.media_type == "text/html"
    assert link.expires == NOW + dt.timedelta(hours=4)
    query = parse_qs(urlsplit(link.href).query)
    assert urlsplit(link.href).path == f"/reader/{ISSUE}"
    assert query["patron"] == ["patron-7"] and len(query["sig"][0]) == 64
    page = client.get(link.href)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Kotimaan Kuvaviikko 24/2026" in page.text and "<svg" in page.text


def test_the_reader_turns_pages_with_the_same_signature(provider, client):
    link = provider.fulfil(ISSUE, None, "patron-7")
    second = client.get(link.href + "&page=2")
    assert second.status_code == 200
    assert 'data-page="2"' in second.text and "Sisällys" in second.text
    assert 'rel="next"' in second.text and 'rel="prev"' in second.text


@pytest.mark.parametrize("part", ["patron", "exp", "sig"])
def test_a_tampered_reader_link_is_forbidden(provider, client, part):
    link = provider.fulfil(ISSUE, None, "patron-7")
    parts = urlsplit(link.href)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query[part] = {"patron": "patron-8", "exp": str(int(query["exp"]) + 3600), "sig": "0" * 64}[part]
    response = client.get(f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}")
    assert response.status_code == 403


def test_a_reader_link_for_another_issue_is_forbidden(provider, client):
    link = provider.fulfil(ISSUE, None, "patron-7")
    assert client.get(link.href.replace(ISSUE, "kuvaviikko-20260603")).status_code == 403


def test_an_expired_reader_link_is_forbidden(provider, vendor, client):
    link = provider.fulfil(ISSUE, None, "patron-7")
    vendor.advance(hours=3)
    assert client.get(link.href).status_code == 200
    vendor.advance(hours=1, seconds=1)
    assert client.get(link.href).status_code == 403


def test_the_link_lifetime_is_the_providers(sandbox):
    provider = make_provider("sandbox", "magazines-sandbox-key", sandbox_app=sandbox, link_seconds=900)
    assert provider.fulfil(ISSUE, None, "patron-7").expires == NOW + dt.timedelta(minutes=15)


def test_an_issue_off_the_archive_cannot_be_opened(provider, vendor):
    vendor.advance(days=30)
    with pytest.raises(VendorRefused, match="left the vendor's archive"):
        provider.fulfil("kuvaviikko-20240619", None, "patron-7")


def test_health_reports_latency(provider):
    report = provider.health()
    assert report.ok and report.latency_ms is not None and report.latency_ms >= 0


@pytest.fixture
def wrongly_keyed(sandbox):
    return make_provider("sandbox", "not-the-key", sandbox_app=sandbox)


def test_a_wrong_api_key_is_refused_with_a_clear_message(wrongly_keyed):
    for call in (
        lambda: list(wrongly_keyed.sync(None)),
        lambda: wrongly_keyed.availability(ISSUE),
        lambda: wrongly_keyed.fulfil(ISSUE, None, "patron-1"),
    ):
        with pytest.raises(VendorRefused, match=r"refused the API key \(HTTP 401\).*ebiblio.vendor.magazines.api_key"):
            call()
    report = wrongly_keyed.health()
    assert report.ok is False and "API key" in report.detail


def test_no_credential_or_patron_reaches_the_logs(caplog):
    api_key, patron = "key-4f9a1c2e-very-secret", "patron-ref-8d7e6f"
    vendor = MagazineSandbox(api_key=api_key, clock=lambda: NOW)
    provider = make_provider("sandbox", api_key, sandbox_app=vendor, page_size=300)
    wrong = make_provider("sandbox", api_key + "-wrong", sandbox_app=vendor)
    vendor.override_issue(ISSUE, issue_date="broken")
    with caplog.at_level(logging.DEBUG):
        batches = list(provider.sync(None))
        link = provider.fulfil(ISSUE.replace("0610", "0603"), None, patron)
        provider.health()
        for call in (lambda: list(wrong.sync(None)), lambda: wrong.fulfil(ISSUE, None, patron)):
            with pytest.raises(VendorRefused) as refused:
                call()
            assert api_key not in str(refused.value) and patron not in str(refused.value)
    assert any(batch.errors for batch in batches)
    assert patron in link.href, "the link itself carries the patron, so it must not be logged"
    assert caplog.records, "the requests were logged"
    assert api_key not in caplog.text and patron not in caplog.text
    assert link.href.split("?", 1)[1] not in caplog.text
