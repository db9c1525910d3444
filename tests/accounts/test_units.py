"""The accounts feature's parts on their own: eligibility, PIN rules, challenges, rate limiter, registration."""

import datetime as dt
import uuid

import pytest
from pyramid.request import Request, apply_request_extensions
from sqlalchemy import select
from zope.interface.verify import verifyObject

from ebiblio_portal.accounts import challenges, eligibility, pins, registration
from ebiblio_portal.accounts.eligibility import MembershipEligibility
from ebiblio_portal.accounts.interfaces import IEligibility, IRateLimiter
from ebiblio_portal.accounts.ratelimit import POLICIES, DatabaseRateLimiter, Policy
from ebiblio_portal.models import Hold, Loan, Municipality, Patron, Publication, RateLimit, Vendor, Work, utcnow
from ebiblio_portal.values import VerifiedPerson

KEY = "test-identity-key-" + "y" * 32
TODAY = dt.date(2026, 6, 15)


def patron_in(session, code, status="active"):
    patron = registration.create_patron(
        session,
        KEY,
        f"0101{uuid.uuid4().int % 90 + 10}-9{uuid.uuid4().int % 90 + 10}",
        "Testi",
        "Henkilö",
        session.get(Municipality, code),
        1980,
        status=status,
    )
    return patron


def open_loan_and_hold(session, patron):
    session.merge(Vendor(name="vendor", title="Vendor", origin="domestic"))
    work = Work(key=f"w-{uuid.uuid4().hex}", title="Kirja")
    session.add(work)
    session.flush()
    publication = Publication(
        work_id=work.id,
        vendor_name="vendor",
        vendor_key="book-1",
        record_hash="x" * 32,
        medium="ebook",
        title="Kirja",
        sort_title="kirja",
        language="fi",
        synced_at=utcnow(),
    )
    session.add(publication)
    session.flush()
    loan = Loan(
        id=str(uuid.uuid4()),
        patron_id=patron.id,
        publication_id=publication.id,
        status="active",
        vendor_loan_id="vendor-loan-1",
        due_at=utcnow() + dt.timedelta(days=14),
        fulfilment_url="https://x/1",
    )
    hold = Hold(
        id=str(uuid.uuid4()),
        patron_id=patron.id,
        publication_id=publication.id,
        status="waiting",
        queue_number=1,
        vendor_hold_id="vendor-hold-1",
    )
    session.add_all([loan, hold])
    session.flush()
    return loan, hold


# Eligibility --------------------------------------------------------------------------------------


def member(start=dt.date(2024, 4, 23), end=None):
    return Municipality(
        code="999", name_fi="Testilä", name_sv="Testby", slug_fi="t", slug_sv="t", access_start=start, access_end=end
    )


@pytest.mark.parametrize(
    ("municipality", "reason"),
    [
        (None, eligibility.NO_MUNICIPALITY),
        (member(start=None), eligibility.NOT_JOINED),
        (member(start=dt.date(2026, 7, 1)), eligibility.NOT_YET_JOINED),
        (member(end=dt.date(2026, 6, 15)), eligibility.LEFT),
        (member(end=dt.date(2026, 6, 14)), eligibility.LEFT),
        (member(end=dt.date(2026, 6, 16)), eligibility.OK),
        (member(), eligibility.OK),
    ],
)
def test_membership_on_a_day(municipality, reason):
    assert eligibility.membership(municipality, TODAY) == reason


def test_may_borrow_gives_a_reason_and_a_message_that_says_where_to_ask():
    service = MembershipEligibility()
    verifyObject(IEligibility, service)
    patron = Patron(status="active", municipality=member(end=dt.date(2026, 6, 15)))
    verdict = service.may_borrow(patron, TODAY)
    assert not verdict and verdict.reason == "left"
    assert "Testilä has left the e-library" in verdict.message.interpolate()
    assert "library" in verdict.message.interpolate()
    assert service.may_borrow(Patron(status="deleted", municipality=member()), TODAY).reason == "account_closed"
    assert service.may_borrow(Patron(status="active", municipality=member()), TODAY).allowed


# PINs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["2468", "8642", "97531", "520741"])
def test_good_pins(pin):
    assert pins.check_pin(pin, pin) == pin


@pytest.mark.parametrize("pin", ["", "123", "1234567890123", "12a4", "１２３４", "0000", "1234", "9876", "3456"])
def test_weak_pins(pin):
    with pytest.raises(pins.WeakPin):
        pins.check_pin(pin, pin)


def test_one_time_codes_are_eight_digits_and_differ():
    codes = {pins.one_time_code() for _ in range(20)}
    assert len(codes) > 15 and all(len(code) == 8 and code.isdigit() for code in codes)


# Challenges ---------------------------------------------------------------------------------------


def test_a_challenge_is_taken_once_and_only_for_its_purpose(dbsession):
    token = challenges.put(dbsession, "identification", {"state": "s"})
    assert challenges.take(dbsession, "passkey-login", token) is None
    assert challenges.take(dbsession, "identification", token) == {"state": "s"}
    assert challenges.take(dbsession, "identification", token) is None
    assert challenges.take(dbsession, "identification", None) is None


def test_an_old_challenge_has_expired(dbsession):
    from ebiblio_portal.models import AuthChallenge

    token = challenges.put(dbsession, "identification", {"state": "s"})
    row = dbsession.scalars(select(AuthChallenge)).one()
    row.created_at = utcnow() - dt.timedelta(hours=1)
    dbsession.flush()
    assert challenges.take(dbsession, "identification", token) is None


# Rate limiter -------------------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)

    def __call__(self):
        return self.now


def test_policy_back_off_doubles_up_to_the_longest():
    policy = POLICIES["patron"]
    assert [policy.lock_after(n) for n in (1, 5)] == [None, None]
    assert [policy.lock_after(n).total_seconds() for n in (6, 7, 8, 12, 40)] == [60, 120, 240, 3600, 3600]


def test_the_rate_limiter_locks_backs_off_and_clears(dbsession):
    clock = Clock()
    limiter = DatabaseRateLimiter("s" * 32, clock=clock)
    verifyObject(IRateLimiter, limiter)
    for _ in range(5):
        assert limiter.fail(dbsession, "patron", "1234567897") is None
    assert limiter.locked_for(dbsession, "patron", "1234567897") is None
    assert limiter.fail(dbsession, "patron", "1234567897") == dt.timedelta(minutes=1)
    assert limiter.locked_for(dbsession, "patron", "1234567897") == dt.timedelta(minutes=1)
    assert limiter.locked_for(dbsession, "staff", "1234567897") is None, "scopes are separate"
    clock.now += dt.timedelta(seconds=61)
    assert limiter.locked_for(dbsession, "patron", "1234567897") is None
    assert limiter.fail(dbsession, "patron", "1234567897") == dt.timedelta(minutes=2)
    limiter.clear(dbsession, "patron", "1234567897")
    assert limiter.locked_for(dbsession, "patron", "1234567897") is None
    assert limiter.fail(dbsession, "patron", "1234567897") is None


def test_failures_outside_the_window_start_a_new_count(dbsession):
    clock = Clock()
    limiter = DatabaseRateLimiter(
        "s" * 32,
        {"x": Policy(2, dt.timedelta(minutes=10), dt.timedelta(minutes=5), dt.timedelta(minutes=5))},
        clock=clock,
    )
    limiter.fail(dbsession, "x", "k")
    limiter.fail(dbsession, "x", "k")
    clock.now += dt.timedelta(minutes=11)
    assert limiter.fail(dbsession, "x", "k") is None
    assert dbsession.scalars(select(RateLimit)).one().failures == 1


def test_the_rate_limiter_stores_no_raw_keys(dbsession):
    DatabaseRateLimiter("s" * 32).fail(dbsession, "address", "192.0.2.7")
    (row,) = dbsession.scalars(select(RateLimit))
    assert "192.0.2.7" not in row.key and len(row.key) == 64


# Registration -------------------------------------------------------------------------------------


def person(code_number=950, municipality="837", born=dt.date(1990, 5, 20)):
    from ebiblio_portal.accounts import hetu

    code = hetu.make(born, code_number)
    return VerifiedPerson(code, "Testi", "Henkilö", municipality, born)


def test_identified_registers_once_and_then_finds(dbsession, municipalities):
    first = registration.identified(dbsession, KEY, person(), TODAY)
    assert first.kind == "registered" and first.patron.municipality_code == "837"
    again = registration.identified(dbsession, KEY, person(), TODAY)
    assert again.kind == "found" and again.patron.id == first.patron.id
    assert len(list(dbsession.scalars(select(Patron)))) == 1


def test_identified_refuses_unknown_and_non_member_municipalities(dbsession, municipalities):
    assert registration.identified(dbsession, KEY, person(municipality="638"), TODAY).reason == "not_joined"
    assert registration.identified(dbsession, KEY, person(municipality="000"), TODAY).reason == "not_joined"
    assert registration.identified(dbsession, KEY, person(municipality=None), TODAY).reason == "no_municipality"
    young = person(born=dt.date(2012, 1, 1))
    assert registration.identified(dbsession, KEY, young, TODAY).reason == "too_young"
    assert registration.identified(dbsession, KEY, person(), TODAY, may_register=False).reason == "no_account"


def test_turning_15_today_is_old_enough():
    assert registration.age_on(dt.date(2011, 6, 15), TODAY) == 15
    assert registration.age_on(dt.date(2011, 6, 16), TODAY) == 14


def test_the_services_are_registered_by_interface(accounts_app):
    request = Request.blank("/")
    request.registry = accounts_app.registry
    apply_request_extensions(request)
    assert isinstance(request.find_service(IRateLimiter), DatabaseRateLimiter)
    assert isinstance(request.find_service(IEligibility), MembershipEligibility)
