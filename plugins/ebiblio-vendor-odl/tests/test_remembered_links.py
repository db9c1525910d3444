"""Links the provider remembers (checkout links per license, return links per loan), and when they go stale."""

from __future__ import annotations

import uuid

import pytest
from ebiblio_vendor_odl.provider import Links, OdlProvider
from ebiblio_vendor_odl.sandbox import classic_key

from ebiblio_portal.vendorhttp import make_client

SEVEN_BROTHERS = classic_key("Seitsemän veljestä")
LATER = SEVEN_BROTHERS.removeprefix("urn:isbn:") + "-2"


class Recorder:
    """Passes requests on to the sandbox and keeps each one's method and path."""

    def __init__(self, app):
        self.app = app
        self.seen = []

    def __call__(self, environ, start_response):
        self.seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return self.app(environ, start_response)

    def take(self):
        seen, self.seen = self.seen, []
        return seen


@pytest.fixture
def recorder(sandbox):
    return Recorder(sandbox)


@pytest.fixture
def provider(recorder):
    return OdlProvider(make_client("sandbox", sandbox_app=recorder))


def _checkout(provider, until, license_identifier=LATER):
    return provider.checkout(SEVEN_BROTHERS, license_identifier, "patron-a", str(uuid.uuid4()), until)


def test_a_second_checkout_through_a_license_reads_no_publication(provider, recorder, until):
    _checkout(provider, until)
    assert [method for method, _ in recorder.take()] == ["GET", "POST"]
    grant = _checkout(provider, until)
    assert recorder.take() == [("POST", f"/licenses/{LATER}/checkout")]
    assert grant.license_identifier == LATER and grant.status == "ready"


def test_a_return_after_the_checkout_is_one_request(provider, recorder, sandbox, until):
    grant = _checkout(provider, until)
    recorder.take()
    provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
    assert [method for method, _ in recorder.take()] == ["PUT"]
    # A loan never opened ends as "cancelled" in LSD terms, one opened as "returned".
    assert provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id).status == "cancelled"


def test_a_second_return_reads_the_loan_and_stops(provider, recorder, until):
    grant = _checkout(provider, until)
    provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
    recorder.take()
    provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
    assert [method for method, _ in recorder.take()] == ["GET"]


def test_a_stale_checkout_link_reads_the_publication_and_lends(provider, recorder, until):
    provider._links.put(("checkout", SEVEN_BROTHERS, LATER), "http://sandbox.invalid/gone/{?id}")
    grant = _checkout(provider, until)
    assert grant.license_identifier == LATER
    assert [method for method, _ in recorder.take()] == ["POST", "GET", "POST"]
    # The link read afresh replaced the stale one.
    _checkout(provider, until)
    assert [method for method, _ in recorder.take()] == ["POST"]


def test_a_stale_return_link_reads_the_loan_and_returns_it(provider, recorder, until):
    grant = _checkout(provider, until)
    provider._links.put(("return", grant.vendor_loan_id), "http://sandbox.invalid/gone/return")
    recorder.take()
    provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)
    assert [method for method, _ in recorder.take()] == ["PUT", "GET", "PUT"]
    # A loan never opened ends as "cancelled" in LSD terms, one opened as "returned".
    assert provider.loan_status(SEVEN_BROTHERS, grant.vendor_loan_id).status == "cancelled"


def test_a_return_answer_that_cannot_be_read_is_an_error(provider, sandbox, until):
    grant = _checkout(provider, until)
    sandbox.set("malformed", only="/return")
    with pytest.raises(Exception, match="unreadable|not valid JSON"):
        provider.checkin(SEVEN_BROTHERS, grant.vendor_loan_id)


def test_links_keep_the_most_recently_used():
    links = Links(2)
    links.put("a", 1)
    links.put("b", 2)
    assert links.get("a") == 1
    links.put("c", 3)
    assert (links.get("a"), links.get("b"), links.get("c")) == (1, None, 3)
    assert links.pop("a") == 1 and links.get("a") is None
