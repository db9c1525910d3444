"""The sandbox distributor itself: catalogue, protocol details, accounting and scale."""

from __future__ import annotations

import datetime as dt
import json
from wsgiref.util import setup_testing_defaults

import httpx
import pytest
from ebiblio_vendor_odl.sandbox import CLASSICS, OdlSandbox, classic_key
from ebiblio_vendor_odl.sandbox.catalogue import LicenseSpec, generated_title
from ebiblio_vendor_odl.sandbox.lending import Lending, Problem

SEVEN_BROTHERS = classic_key("Seitsemän veljestä")
LICENSE = SEVEN_BROTHERS.removeprefix("urn:isbn:") + "-1"
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def _client(app, script_name=""):
    return httpx.Client(
        transport=httpx.WSGITransport(app=app, script_name=script_name), base_url="http://sandbox.invalid"
    )


def test_the_classics_lead_the_catalogue_with_stable_keys():
    sandbox = OdlSandbox(10)
    assert len(sandbox.catalogue) == len(CLASSICS)
    assert sandbox.key_of(0) == SEVEN_BROTHERS == "urn:isbn:9789510000014"
    authors = {classic.authors[0][0] for classic in CLASSICS}
    assert {"Aleksis Kivi", "Johan Ludvig Runeberg", "Minna Canth", "Zacharias Topelius", "Eino Leino"} <= authors
    assert "Edith Södergran" in authors
    assert {classic.language for classic in CLASSICS} == {"fi", "sv", "en"}


def test_generated_titles_are_deterministic_by_seed():
    assert generated_title(2024, 5) == generated_title(2024, 5)
    assert generated_title(2024, 5) != generated_title(7, 5)
    languages = {generated_title(2024, index).language for index in range(200)}
    media = {generated_title(2024, index).medium for index in range(200)}
    assert languages == {"fi", "sv", "en"} and media == {"ebook", "audiobook"}


def test_a_hundred_thousand_titles_page_to_the_end():
    # How fast is measured by benchmarks/sync_speed.py, never here.
    sandbox = OdlSandbox(100_000)
    page = _client(sandbox).get("/feed", params={"limit": 1000, "page": 100}).json()
    assert len(page["publications"]) == 1000 and page["metadata"]["numberOfItems"] == 100_000
    assert not any(link["rel"] == "next" for link in page["links"])
    last = page["publications"][-1]["metadata"]["identifier"]
    assert _client(sandbox).get(f"/publications/{last}").status_code == 200


def test_links_follow_where_the_sandbox_is_mounted():
    environ = {"SCRIPT_NAME": "/sandbox/odl", "PATH_INFO": "/feed", "QUERY_STRING": "limit=10"}
    environ.update({"HTTP_HOST": "portal.example", "wsgi.url_scheme": "https"})
    setup_testing_defaults(environ)
    answer = {}
    body = b"".join(OdlSandbox(30)(environ, lambda status, headers: answer.update(status=status)))
    page = json.loads(body)
    assert answer["status"] == "200 OK"
    next_link = next(link["href"] for link in page["links"] if link["rel"] == "next")
    assert next_link == "https://portal.example/sandbox/odl/feed?limit=10&page=2"
    checkout = page["publications"][0]["licenses"][0]["links"][0]["href"]
    assert checkout.startswith("https://portal.example/sandbox/odl/licenses/")


def test_covers_are_svg_and_png():
    client = _client(OdlSandbox(30))
    svg = client.get("/covers/9789510000014.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and svg.text.startswith("<svg")
    png = client.get("/covers/9789510000014.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert client.get("/covers/9780000000002.svg").status_code == 404


def test_checkout_answers_a_status_document_then_303_for_the_same_checkout_id():
    client = _client(OdlSandbox(30))
    params = {"id": "loan-1", "checkout_id": "loan-1", "patron_id": "p", "expires": "2099-01-01T00:00:00Z"}
    created = client.post(f"/licenses/{LICENSE}/checkout", params=params)
    assert created.status_code == 201 and created.headers["location"].endswith("/loans/loan-1")
    document = created.json()
    assert document["id"] == "loan-1" and document["status"] == "ready"
    assert {"message", "updated", "potential_rights", "links"} <= set(document)
    assert {link["rel"] for link in document["links"]} == {"self", "license", "return", "renew"}
    again = client.post(f"/licenses/{LICENSE}/checkout", params=params)
    assert again.status_code == 303 and again.headers["location"] == created.headers["location"]
    info = client.get(f"/licenses/{LICENSE}").json()
    assert info["checkouts"] == {"left": 29, "available": 0, "active": ["loan-1"]}


def test_no_free_seat_is_an_odl_problem_document():
    client = _client(OdlSandbox(30))
    client.post(f"/licenses/{LICENSE}/checkout", params={"checkout_id": "a"})
    refused = client.post(f"/licenses/{LICENSE}/checkout", params={"checkout_id": "b"})
    assert refused.status_code == 409 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "http://opds-spec.org/odl/error/checkout/unavailable"


def test_each_dialect_takes_its_own_checkout_method():
    assert _client(OdlSandbox(30)).get(f"/licenses/{LICENSE}/checkout").status_code == 405
    lenient = _client(OdlSandbox(30, lenient=True))
    assert lenient.post(f"/licenses/{LICENSE}/checkout").status_code == 405
    document = lenient.get(f"/licenses/{LICENSE}/checkout", params={"checkout_id": "x"}).json()
    assert "message" not in document and "updated" not in document


def test_renewal_is_capped_by_the_loan_length():
    client = _client(OdlSandbox(30))
    client.post(f"/licenses/{LICENSE}/checkout", params={"checkout_id": "r", "expires": "2099-01-01T00:00:00Z"})
    renewed = client.put("/loans/r/renew", params={"end": "2099-01-01T00:00:00Z"}).json()
    end = dt.datetime.fromisoformat(renewed["potential_rights"]["end"])
    assert dt.timedelta(days=20) < end - dt.datetime.now(dt.UTC) <= dt.timedelta(days=21)
    assert client.put("/loans/r/return").json()["status"] == "cancelled"
    assert client.put("/loans/r/return").status_code == 400
    assert client.put("/loans/r/renew").status_code == 400


def test_unknown_things_are_404():
    client = _client(OdlSandbox(30))
    for path in ("/publications/urn:isbn:9780000000002", "/licenses/nope-1", "/loans/nope", "/nothing"):
        assert client.get(path).status_code == 404, path
    assert client.get("/feed", params={"page": "zero"}).status_code == 400


def _spec(concurrency, checkouts, expires=None, used=0):
    return LicenseSpec("l-1", concurrency, checkouts, expires, 14 * 86400, NOW, used)


def test_a_return_never_reopens_more_than_is_left():
    lending, spec = Lending(), _spec(concurrency=2, checkouts=2)
    first, _ = lending.checkout(spec, "k", "a", None, None, NOW)
    second, _ = lending.checkout(spec, "k", "b", None, None, NOW)
    state = lending.state(spec)
    assert (state.left, state.available) == (0, 0)
    lending.give_back(first, NOW)
    assert (state.left, state.available, state.status(NOW)) == (0, 0, "unavailable")
    with pytest.raises(Problem) as refused:
        lending.checkout(spec, "k", "c", None, None, NOW)
    assert refused.value.type.endswith("/checkout/unavailable")
    assert second.live


def test_a_return_gives_back_one_seat_up_to_the_concurrency():
    lending, spec = Lending(), _spec(concurrency=3, checkouts=None)
    loans = [lending.checkout(spec, "k", name, None, None, NOW)[0] for name in "abc"]
    for loan in loans:
        lending.give_back(loan, NOW)
    assert lending.state(spec).available == 3
    assert lending.state(spec).left is None


def test_an_expired_license_refuses_and_loans_end_with_it():
    lending = Lending()
    expired = _spec(concurrency=1, checkouts=5, expires=NOW - dt.timedelta(days=1))
    with pytest.raises(Problem) as refused:
        lending.checkout(expired, "k", "a", None, None, NOW)
    assert refused.value.type.endswith("/checkout/expired")
    ending = _spec(concurrency=1, checkouts=5, expires=NOW + dt.timedelta(days=3))
    loan, _ = lending.checkout(ending, "k", "b", NOW + dt.timedelta(days=10), None, NOW)
    assert loan.end == NOW + dt.timedelta(days=3)
    lending.expire_due(NOW + dt.timedelta(days=3))
    assert loan.status == "expired" and lending.state(ending).available == 1
