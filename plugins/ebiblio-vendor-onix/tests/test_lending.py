"""Lending through the vendor's JSON API: seats, idempotency, holds, withdrawal, expiry and fulfilment."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid

import httpx
import pytest
from ebiblio_vendor_onix.sandbox import DEFAULT_TOKEN

from ebiblio_portal.interfaces import MalformedResponse, VendorRefused

WAR_AND_PEACE = "NL0000018"  # two copies
SEVEN_BROTHERS = "NL0000000"  # five copies


def until(days=14):
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=days)


def lend(provider, key, patron="patron-a", loan_id=None):
    return provider.checkout(key, None, patron, loan_id or str(uuid.uuid4()), until())


def test_copies_are_counted_and_the_last_one_is_refused(provider):
    assert provider.availability(WAR_AND_PEACE).copies_total == 2
    first, _second = lend(provider, WAR_AND_PEACE, "p1"), lend(provider, WAR_AND_PEACE, "p2")
    assert provider.availability(WAR_AND_PEACE).copies_available == 0
    with pytest.raises(VendorRefused, match="409"):
        lend(provider, WAR_AND_PEACE, "p3")
    provider.checkin(WAR_AND_PEACE, first.vendor_loan_id)
    assert provider.availability(WAR_AND_PEACE).copies_available == 1


def test_a_repeated_loan_id_returns_the_same_loan(provider, sandbox):
    loan_id = str(uuid.uuid4())
    first = lend(provider, SEVEN_BROTHERS, loan_id=loan_id)
    again = lend(provider, SEVEN_BROTHERS, loan_id=loan_id)
    assert again == first and provider.availability(SEVEN_BROTHERS).copies_available == 4


def test_concurrent_checkouts_never_lend_more_than_the_copies(provider):
    results = []

    def borrow(index):
        try:
            results.append(lend(provider, WAR_AND_PEACE, f"p{index}"))
        except VendorRefused:
            results.append(None)

    threads = [threading.Thread(target=borrow, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([grant for grant in results if grant is not None]) == 2


def test_the_loan_ends_when_asked_or_at_the_vendors_maximum(provider):
    asked = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=7)
    grant = provider.checkout(SEVEN_BROTHERS, None, "p", str(uuid.uuid4()), asked)
    assert grant.ends == asked and grant.status == "active"
    longest = provider.checkout(SEVEN_BROTHERS, None, "p", str(uuid.uuid4()), until(days=90))
    assert (longest.ends - longest.starts).days == 21


def test_an_expired_loan_frees_its_copy(provider, sandbox):
    grant = lend(provider, WAR_AND_PEACE)
    sandbox.advance(dt.timedelta(days=30))
    assert provider.loan_status(WAR_AND_PEACE, grant.vendor_loan_id).status == "expired"
    assert provider.availability(WAR_AND_PEACE).copies_available == 2
    with pytest.raises(VendorRefused):
        provider.fulfil(WAR_AND_PEACE, grant.vendor_loan_id, "patron-a")


def test_an_unknown_loan_has_no_status_and_cannot_be_returned(provider):
    assert provider.loan_status(SEVEN_BROTHERS, "no-such-loan") is None
    with pytest.raises(VendorRefused):
        provider.checkin(SEVEN_BROTHERS, "no-such-loan")


def test_a_withdrawn_product_lends_no_more_but_open_loans_run_on(provider, sandbox):
    grant = lend(provider, SEVEN_BROTHERS)
    sandbox.withdraw(SEVEN_BROTHERS)
    with pytest.raises(VendorRefused, match="410"):
        lend(provider, SEVEN_BROTHERS)
    assert provider.availability(SEVEN_BROTHERS).copies_total == 0
    assert provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id).status == "active"
    assert provider.fulfil(SEVEN_BROTHERS, grant.vendor_loan_id, "patron-a").href
    provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
    assert provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id).status == "returned"


def test_the_queue_gives_a_freed_copy_to_the_first_in_line(provider):
    loans = [lend(provider, WAR_AND_PEACE, "p1"), lend(provider, WAR_AND_PEACE, "p2")]
    first = provider.place_hold(WAR_AND_PEACE, "p3", "h1")
    second = provider.place_hold(WAR_AND_PEACE, "p4", "h2")
    assert (first.position, second.position) == (1, 2)
    assert provider.place_hold(WAR_AND_PEACE, "p3", "h1").position == 1  # idempotent
    assert provider.availability(WAR_AND_PEACE).holds == 2
    provider.checkin(WAR_AND_PEACE, loans[0].vendor_loan_id)
    with pytest.raises(VendorRefused):
        lend(provider, WAR_AND_PEACE, "p4")  # the copy waits for p3
    lend(provider, WAR_AND_PEACE, "p3")
    assert provider.availability(WAR_AND_PEACE).holds == 1
    provider.release_hold(WAR_AND_PEACE, "h2")
    provider.release_hold(WAR_AND_PEACE, "h2")  # already gone is fine
    assert provider.availability(WAR_AND_PEACE).holds == 0


def test_a_hold_on_an_unknown_product_is_refused(provider):
    with pytest.raises(VendorRefused):
        provider.place_hold("no-such-product", "p", "h")


def test_fulfilment_is_a_signed_link_that_the_vendor_honours(provider, sandbox):
    audiobook = "NL0000016"  # A Christmas Carol, read aloud
    grant = lend(provider, audiobook)
    link = provider.fulfil(audiobook, grant.vendor_loan_id, "patron-a")
    assert link.media_type == "application/audiobook+json" and link.expires <= grant.ends
    client = httpx.Client(transport=httpx.WSGITransport(app=sandbox))
    response = client.get(link.href)
    assert response.status_code == 200 and json.loads(response.content)["metadata"]["title"] == "A Christmas Carol"
    assert client.get(link.href.replace("sig=", "sig=0")).status_code == 403
    ebook = provider.fulfil(SEVEN_BROTHERS, lend(provider, SEVEN_BROTHERS).vendor_loan_id, "patron-a")
    assert ebook.media_type == "application/vnd.readium.lcp.license.v1.0+json"


def test_nothing_opens_without_a_loan(provider):
    with pytest.raises(VendorRefused):
        provider.fulfil(SEVEN_BROTHERS, None, "patron-a")


def test_the_idempotency_key_header_is_sent(sandbox):
    seen = []

    def spy(environ, start_response):
        seen.append(environ.get("HTTP_IDEMPOTENCY_KEY"))
        return sandbox(environ, start_response)

    from .conftest import build_provider

    build_provider("sandbox", spy).checkout(SEVEN_BROTHERS, None, "p", "loan-42", until())
    assert seen == ["loan-42"]


def test_lenient_numbers_in_the_availability_answer(sandbox):
    def stringly(environ, start_response):
        body = json.dumps({"copies_total": "3", "copies_available": "2.0", "holds": None}).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]

    from .conftest import build_provider

    availability = build_provider("sandbox", stringly).availability("x")
    assert (availability.copies_total, availability.copies_available, availability.holds) == (3, 2, 0)


def test_a_loan_answer_without_dates_is_malformed(sandbox):
    def broken(environ, start_response):
        start_response("201 Created", [("Content-Type", "application/json")])
        return [b'{"loan_id": "x"}']

    from .conftest import build_provider

    with pytest.raises(MalformedResponse):
        build_provider("sandbox", broken).checkout(SEVEN_BROTHERS, None, "p", "x", until())


def test_the_sandbox_refuses_a_missing_token(sandbox):
    client = httpx.Client(transport=httpx.WSGITransport(app=sandbox), base_url="http://sandbox.invalid/")
    assert client.get("api/v1/availability/NL0000000").status_code == 401
    authorised = client.get("api/v1/availability/NL0000000", headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"})
    assert authorised.status_code == 200
    assert client.get("covers/NL0000000.svg").headers["content-type"] == "image/svg+xml"
