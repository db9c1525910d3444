"""Lending through ODL: license choice, accounting, idempotency, returns, status and fulfilment."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from ebiblio_vendor_odl.documents import LCP_LICENSE_TYPE
from ebiblio_vendor_odl.provider import OdlProvider
from ebiblio_vendor_odl.sandbox import classic_key

from ebiblio_portal.interfaces import VendorRefused
from ebiblio_portal.vendorhttp import make_client

SEVEN_BROTHERS = classic_key("Seitsemän veljestä")
ISBN = SEVEN_BROTHERS.removeprefix("urn:isbn:")
SOONER, LATER = f"{ISBN}-1", f"{ISBN}-2"
AUDIOBOOK = classic_key("Seitsemän veljestä", "audiobook")


def _loan_id():
    return str(uuid.uuid4())


def test_availability_sums_the_license_info_documents(provider):
    availability = provider.availability(SEVEN_BROTHERS)
    assert (availability.copies_total, availability.copies_available, availability.holds) == (4, 4, 0)
    assert [terms.identifier for terms in availability.licenses] == [SOONER, LATER]


def test_availability_counts_no_seat_of_a_used_up_or_expired_license(provider):
    for title in ("Työmiehen vaimo", "Kauppa-Lopo"):
        availability = provider.availability(classic_key(title))
        assert (availability.copies_total, availability.copies_available) == (0, 0)
        assert [terms.status for terms in availability.licenses] == ["unavailable"]


def test_availability_of_an_unknown_title_is_refused(provider):
    with pytest.raises(VendorRefused):
        provider.availability("urn:isbn:9780000000002")


def test_checkout_takes_the_free_license_that_expires_soonest(sandbox, provider, until):
    first = provider.checkout(SEVEN_BROTHERS, None, "patron-a", _loan_id(), until)
    assert first.license_identifier == SOONER
    assert sandbox.counts(SOONER) == (29, 0)
    second = provider.checkout(SEVEN_BROTHERS, None, "patron-b", _loan_id(), until)
    assert second.license_identifier == LATER
    assert sandbox.counts(LATER) == (99, 2)
    assert provider.availability(SEVEN_BROTHERS).copies_available == 2


def test_checkout_through_a_named_license(sandbox, provider, until):
    grant = provider.checkout(SEVEN_BROTHERS, LATER, "patron-a", _loan_id(), until)
    assert grant.license_identifier == LATER and sandbox.counts(LATER) == (99, 2)
    with pytest.raises(VendorRefused):
        provider.checkout(SEVEN_BROTHERS, "no-such-license", "patron-a", _loan_id(), until)


def test_the_grant_carries_the_status_return_and_license_links(provider, until):
    grant = provider.checkout(SEVEN_BROTHERS, None, "patron-a", _loan_id(), until)
    assert grant.status == "ready"
    assert grant.vendor_loan_id.startswith("http://sandbox.invalid/loans/")
    assert grant.return_url == grant.vendor_loan_id + "/return"
    assert grant.fulfilment_url == grant.vendor_loan_id + "/license"
    assert abs(grant.ends - until) < dt.timedelta(seconds=1)
    assert grant.starts <= dt.datetime.now(dt.UTC) < grant.ends


def test_a_loan_ends_no_later_than_the_license_allows(provider):
    far = dt.datetime.now(dt.UTC) + dt.timedelta(days=90)
    grant = provider.checkout(SEVEN_BROTHERS, None, "patron-a", _loan_id(), far)
    assert grant.ends - grant.starts == dt.timedelta(days=21)


def test_a_repeated_checkout_is_the_same_loan(sandbox, provider, until):
    loan_id = _loan_id()
    first = provider.checkout(SEVEN_BROTHERS, SOONER, "patron-a", loan_id, until)
    again = provider.checkout(SEVEN_BROTHERS, SOONER, "patron-a", loan_id, until)
    assert again == first
    assert sandbox.counts(SOONER) == (29, 0)


def test_return_gives_the_seat_back_but_not_the_checkout(sandbox, provider, until):
    grant = provider.checkout(SEVEN_BROTHERS, SOONER, "patron-a", _loan_id(), until)
    provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
    assert sandbox.counts(SOONER) == (29, 1)
    assert provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id).status == "cancelled"


def test_returning_a_loan_in_use_makes_it_returned(provider, until):
    grant = provider.checkout(SEVEN_BROTHERS, None, "patron-a", _loan_id(), until)
    link = provider.fulfil(SEVEN_BROTHERS, grant.vendor_loan_id, "patron-a")
    assert provider.http.client.get(link.href).status_code == 200  # the reading app fetches the license
    assert provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id).status == "active"
    provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
    assert provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id).status == "returned"
    provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)


def test_returning_a_loan_the_vendor_does_not_know_is_not_an_error(provider):
    provider.checkin(SEVEN_BROTHERS, "http://sandbox.invalid/loans/" + _loan_id())


def test_loan_status_of_an_unknown_loan_is_none(provider):
    assert provider.loan_status(SEVEN_BROTHERS, "http://sandbox.invalid/loans/" + _loan_id()) is None


def test_a_loan_runs_out_and_frees_its_seat(sandbox, provider, until):
    grant = provider.checkout(AUDIOBOOK, None, "patron-a", _loan_id(), until)
    assert provider.availability(AUDIOBOOK).copies_available == 0
    sandbox.advance(dt.timedelta(days=15))
    status = provider.loan_status(AUDIOBOOK, grant.vendor_loan_id)
    assert status.status == "expired" and status.return_url is None
    assert provider.availability(AUDIOBOOK).copies_available == 1
    provider.checkin(AUDIOBOOK, grant.vendor_loan_id)
    with pytest.raises(VendorRefused):
        provider.fulfil(AUDIOBOOK, grant.vendor_loan_id, "patron-a")


def test_a_license_of_concurrency_one_lends_one_copy_at_a_time(provider, until):
    provider.checkout(AUDIOBOOK, None, "patron-a", _loan_id(), until)
    with pytest.raises(VendorRefused):
        provider.checkout(AUDIOBOOK, None, "patron-b", _loan_id(), until)
    with pytest.raises(VendorRefused):
        provider.checkout(AUDIOBOOK, f"{AUDIOBOOK.removeprefix('urn:isbn:')}-1", "patron-b", _loan_id(), until)


@pytest.mark.parametrize("title", ["Työmiehen vaimo", "Kauppa-Lopo"])
def test_used_up_and_expired_licenses_refuse_checkout(provider, until, title):
    key = classic_key(title)
    with pytest.raises(VendorRefused):
        provider.checkout(key, None, "patron-a", _loan_id(), until)
    with pytest.raises(VendorRefused):
        provider.checkout(key, f"{key.removeprefix('urn:isbn:')}-1", "patron-a", _loan_id(), until)


def test_a_withdrawn_title_cannot_be_borrowed(sandbox, provider, until):
    sandbox.withdraw(SEVEN_BROTHERS)
    with pytest.raises(VendorRefused):
        provider.checkout(SEVEN_BROTHERS, None, "patron-a", _loan_id(), until)


def test_fulfilment_is_the_lcp_license_of_a_live_loan(provider, until):
    grant = provider.checkout(SEVEN_BROTHERS, None, "patron-a", _loan_id(), until)
    link = provider.fulfil(SEVEN_BROTHERS, grant.vendor_loan_id, "patron-a")
    assert (link.href, link.media_type, link.expires) == (grant.fulfilment_url, LCP_LICENSE_TYPE, grant.ends)
    document = provider.http.client.get(link.href).json()
    assert document["rights"]["end"] and document["links"][0]["rel"] == "publication"
    with pytest.raises(VendorRefused):
        provider.fulfil(SEVEN_BROTHERS, None, "patron-a")


def test_holds_are_the_portals_business(provider):
    assert provider.queues is False
    with pytest.raises(VendorRefused):
        provider.place_hold(SEVEN_BROTHERS, "patron-a", "hold-1")
    with pytest.raises(VendorRefused):
        provider.release_hold(SEVEN_BROTHERS, "hold-1")


def test_concurrent_checkouts_never_lend_more_than_the_licenses_allow(sandbox, until):
    provider = OdlProvider(make_client("sandbox", sandbox_app=sandbox))
    granted, refused = [], []

    def borrow(n):
        try:
            granted.append(provider.checkout(SEVEN_BROTHERS, None, f"patron-{n}", _loan_id(), until))
        except VendorRefused:
            refused.append(n)

    threads = [threading.Thread(target=borrow, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(granted), len(refused)) == (4, 20)
    assert len({grant.vendor_loan_id for grant in granted}) == 4
    assert sandbox.counts(SOONER) == (29, 0) and sandbox.counts(LATER) == (97, 0)


# -- documents the sandbox never sends ----------------------------------------------

LSD = "application/vnd.readium.license.status.v1.0+json"
UNAVAILABLE = {"type": "http://opds-spec.org/odl/error/checkout/unavailable", "title": "No seat", "status": 409}


def _license(identifier, expires):
    return {
        "metadata": {"identifier": identifier, "terms": {"concurrency": 1, "checkouts": 5, "expires": expires}},
        "links": [
            {
                "rel": "checkout",
                "href": f"/{identifier}/checkout{{?id,checkout_id,patron_id,expires}}",
                "templated": True,
            }
        ],
    }


def _status(identifier):
    return {
        "id": identifier,
        "status": "ready",
        "links": [{"rel": "license", "href": f"/loans/{identifier}/license"}],
        "potential_rights": {"end": "2030-01-15T00:00:00Z"},
    }


def test_a_license_that_turns_out_to_be_taken_makes_way_for_the_next(static_provider, until):
    publication = {
        "metadata": {"identifier": "p", "title": "t", "language": "fi"},
        "licenses": [_license("soon", "2030-01-01T00:00:00Z"), _license("late", "2031-01-01T00:00:00Z")],
    }
    routes = {
        ("GET", "/publications/p"): (200, publication, {}),
        ("POST", "/soon/checkout"): (409, UNAVAILABLE, {"Content-Type": "application/problem+json"}),
        ("POST", "/late/checkout"): (201, _status("l1"), {"Location": "/loans/l1", "Content-Type": LSD}),
    }
    provider, vendor = static_provider(routes)
    grant = provider.checkout("p", None, "patron-a", "l1", until)
    assert grant.license_identifier == "late"
    assert grant.vendor_loan_id == "http://sandbox.invalid/loans/l1"
    assert grant.status == "ready" and grant.return_url is None
    assert [path for _, path, _ in vendor.requests] == ["/publications/p", "/soon/checkout", "/late/checkout"]


def test_any_other_problem_is_a_refusal_naming_its_type(static_provider, until):
    publication = {"metadata": {"identifier": "p", "title": "t", "language": "fi"}, "licenses": [_license("x", None)]}
    problem = {"type": "http://opds-spec.org/odl/error/checkout/patron-limit", "status": 403}
    provider, _ = static_provider(
        {("GET", "/publications/p"): (200, publication, {}), ("POST", "/x/checkout"): (403, problem, {})}
    )
    with pytest.raises(VendorRefused, match="patron-limit"):
        provider.checkout("p", None, "patron-a", "l1", until)
