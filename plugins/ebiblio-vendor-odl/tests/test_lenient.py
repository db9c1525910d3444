"""The bent ODL dialect real distributors speak is read as well as the strict one."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from ebiblio_vendor_odl import documents
from ebiblio_vendor_odl.provider import OdlProvider
from ebiblio_vendor_odl.sandbox import classic_key

from ebiblio_portal.interfaces import VendorRefused
from ebiblio_portal.values import ContributorRole, Medium
from ebiblio_portal.vendorhttp import make_client

SEVEN_BROTHERS = classic_key("Seitsemän veljestä")


def test_the_sandbox_really_bends(lenient_provider):
    page = lenient_provider.http.client.get("feed?limit=1").json()
    terms = page["publications"][0]["licenses"][0]["metadata"]["terms"]
    assert terms["concurrency"] == "1" and "max_checkout_length" in terms and "length" not in terms
    assert page["publications"][0]["licenses"][0]["links"][0]["templated"] == "true"
    assert page["metadata"]["numberOfItems"] == "60"


def test_both_dialects_sync_to_the_same_records(provider, lenient_provider):
    strict = [record for batch in provider.sync(None) for record in batch.records]
    bent = [record for batch in lenient_provider.sync(None) for record in batch.records]
    assert len(strict) == 60 and bent == strict
    assert [batch.total for batch in lenient_provider.sync(None)] == [60, 60, 60]


def test_lending_in_the_bent_dialect(lenient_sandbox, lenient_provider, until):
    before = lenient_provider.availability(SEVEN_BROTHERS)
    assert (before.copies_total, before.copies_available) == (4, 4)
    loan_id = str(uuid.uuid4())
    grant = lenient_provider.checkout(SEVEN_BROTHERS, None, "patron-a", loan_id, until)
    assert lenient_provider.checkout(SEVEN_BROTHERS, None, "patron-a", loan_id, until).vendor_loan_id == (
        grant.vendor_loan_id
    )
    assert grant.starts < grant.ends and abs(grant.ends - until) < dt.timedelta(seconds=1)
    assert lenient_provider.availability(SEVEN_BROTHERS).copies_available == 3
    link = lenient_provider.fulfil(SEVEN_BROTHERS, grant.vendor_loan_id, "patron-a")
    assert link.href == grant.fulfilment_url
    lenient_provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
    assert lenient_provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id).status == "cancelled"
    assert lenient_provider.availability(SEVEN_BROTHERS).copies_available == 4


def test_checkout_falls_back_to_get_once_and_remembers(lenient_sandbox, lenient_provider, until):
    requests = lenient_sandbox.requests
    lenient_provider.checkout(SEVEN_BROTHERS, None, "patron-a", str(uuid.uuid4()), until)
    first = lenient_sandbox.requests - requests
    requests = lenient_sandbox.requests
    lenient_provider.checkout(SEVEN_BROTHERS, None, "patron-b", str(uuid.uuid4()), until)
    # publication + two info documents + checkout; the first time also the refused POST.
    assert (first, lenient_sandbox.requests - requests) == (5, 4)


def test_a_provider_told_to_post_is_refused_by_a_get_only_vendor(lenient_sandbox, until):
    provider = OdlProvider(make_client("sandbox", sandbox_app=lenient_sandbox), checkout_method="POST")
    with pytest.raises(VendorRefused, match="POST"):
        provider.checkout(SEVEN_BROTHERS, None, "patron-a", str(uuid.uuid4()), until)


def test_a_provider_told_to_get_does_so_from_the_start(lenient_sandbox, until):
    provider = OdlProvider(make_client("sandbox", sandbox_app=lenient_sandbox), checkout_method="GET")
    requests = lenient_sandbox.requests
    provider.checkout(SEVEN_BROTHERS, None, "patron-a", str(uuid.uuid4()), until)
    assert lenient_sandbox.requests - requests == 4


def test_an_unknown_checkout_method_is_a_configuration_error():
    with pytest.raises(ValueError, match="checkout_method"):
        OdlProvider(make_client("http://vendor.invalid/"), checkout_method="PATCH")


BENT = {
    "metadata": {
        "@type": "http://schema.org/Book",
        "identifier": "urn:isbn:951-0-00001-9",
        "title": {"fi": "Seitsemän veljestä", "sv": "Sju bröder"},
        "language": ["fin"],
        "author": "Aleksis Kivi",
        "contributor": [{"name": "Tapio Lukija", "role": "nrt"}],
        "publisher": "Sandbox Klassikot",
        "published": 1870,
        "modified": "2025-01-02T03:04:05",
        "subject": ["klassikot", {"name": {"fi": "veljekset"}, "scheme": "kaunokki"}, {"code": "84.2"}],
        "belongsTo": {"series": "Kivi-sarja"},
        "numberOfPages": "412.0",
        "audience": "Nuoret",
    },
    "images": [{"href": "/covers/x.png"}],
    "licenses": [
        {
            "metadata": {
                "identifier": 17,
                "format": ["application/audiobook+json", "application/epub+zip"],
                "terms": {"concurrency": "2", "checkouts": "10", "max_checkout_length": "1209600"},
                "checkouts": {"left": "9", "available": "1"},
                "status": ["available"],
            },
            "links": [{"rel": ["checkout"], "href": "/checkout{?id}", "templated": "true"}],
        }
    ],
}


def test_a_hand_bent_publication_is_read():
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    record = documents.read_publication(BENT, "urn:isbn:951-0-00001-9", "http://vendor.invalid/feed", now)
    assert record.title == "Seitsemän veljestä" and record.language == "fi"
    assert record.isbn == "9789510000014"
    assert [(c.name, c.role) for c in record.contributors] == [
        ("Aleksis Kivi", ContributorRole.AUTHOR),
        ("Tapio Lukija", ContributorRole.NARRATOR),
    ]
    assert record.publisher == "Sandbox Klassikot" and record.published == dt.date(1870, 1, 1)
    assert record.modified == dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert record.subjects == ("klassikot", "veljekset", "84.2")
    assert (record.series, record.series_number) == ("Kivi-sarja", None)
    assert record.page_count == 412 and record.audience == "young"
    assert record.cover_url == "http://vendor.invalid/covers/x.png"
    assert record.medium == Medium.AUDIOBOOK
    (terms,) = record.licenses
    assert (terms.identifier, terms.concurrency, terms.checkouts_left, terms.checkouts_available) == ("17", 2, 9, 1)
    assert terms.loan_length == dt.timedelta(days=14) and terms.format == "application/audiobook+json"
    offered = documents.read_license(BENT["licenses"][0], "http://vendor.invalid/feed", now)
    assert offered.checkout_template == "http://vendor.invalid/checkout{?id}" and offered.info_url is None


def test_a_license_without_live_counts_is_taken_as_fresh():
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    terms = documents.license_terms("l", {"concurrency": 5, "checkouts": 3}, None, None, None, None, now)
    assert (terms.checkouts_left, terms.checkouts_available, terms.status) == (3, 3, "available")
    unlimited = documents.license_terms("l", {}, None, None, None, None, now)
    assert (unlimited.concurrency, unlimited.checkouts_left, unlimited.checkouts_available) == (None, None, None)
    assert documents.lendable(unlimited, now)


def test_a_status_document_without_message_or_updated_is_read():
    loan = documents.read_status_document(
        {"id": 5, "status": "Active", "links": [{"rel": "return", "href": "r{?id,name}", "templated": "true"}]},
        "http://vendor.invalid/loans/5",
    )
    assert (loan.identifier, loan.status, loan.live, loan.starts, loan.ends) == ("5", "active", True, None, None)
    assert loan.return_template == "http://vendor.invalid/loans/r{?id,name}" and loan.license_url is None


@pytest.mark.parametrize(
    "change",
    [
        {"title": None},
        {"title": ["a list"]},
        {"language": 42},
        {"modified": "yesterday"},
        {"numberOfPages": "many"},
        {"author": [7]},
    ],
)
def test_a_publication_past_bending_raises(change):
    publication = {**BENT, "metadata": {**BENT["metadata"], **change}}
    with pytest.raises((ValueError, TypeError, KeyError)):
        documents.read_publication(publication, "k", "http://vendor.invalid/", dt.datetime.now(dt.UTC))


@pytest.mark.parametrize(
    "terms", [{"concurrency": "two"}, {"concurrency": True}, {"expires": "soon"}, {"length": [1]}, "not an object"]
)
def test_license_terms_past_bending_raise(terms):
    with pytest.raises(ValueError):
        documents.license_terms("l", terms, None, None, None, None, dt.datetime.now(dt.UTC))
