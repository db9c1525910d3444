"""Borrowing, limits, holds, returns, expiry and the queue: the rules of the issue, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ebiblio_portal.circulation.interfaces import AlreadyDone, LimitReached, NotAvailable, NotEligible, NotFound
from ebiblio_portal.interfaces import ISearchIndex
from ebiblio_portal.models import CirculationEvent, Hold, License, Loan
from ebiblio_portal.services import lookup
from ebiblio_portal.values import SearchQuery

from .conftest import NOT_JOINED


def brothers(world):
    """Seitsemän veljestä as an e-book: a 1-seat license expiring 2031 and a 3-seat one expiring 2036."""
    return world.publication("odl", title="Seitsemän veljestä", medium="ebook")


def one_seat(world):
    """Nummisuutarit has one license of two seats; make it one seat for short queue tests."""
    publication = world.publication("odl", title="Nummisuutarit")
    with world.factory.begin() as session:
        for row in session.scalars(select(License).where(License.publication_id == publication.id)):
            row.concurrency = 1
    return world.publication("odl", title="Nummisuutarit")


def later(days=0, hours=0):
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(days=days, hours=hours)
    return lambda: moment


def test_borrow_takes_the_license_expiring_soonest_and_records_the_loan(world):
    publication, patron = brothers(world), world.patron()
    loan = world.service().borrow(patron, publication)
    assert loan.status == "active" and loan.vendor_loan_id
    licenses = {row.identifier: row for row in world.licenses(publication.id)}
    assert loan.license_id == licenses["9789510000014-1"].id
    assert licenses["9789510000014-1"].checkouts_left == 29  # counted in the portal before the next sync
    assert dt.timedelta(days=13) < loan.due_at - dt.datetime.now(dt.UTC) <= dt.timedelta(days=14)
    # The vendor lent it too, under the pseudonym, never the library ID.
    assert world.sandbox("odl").counts("9789510000014-1")[1] == 0
    events = world.all(select(CirculationEvent))
    assert [(e.kind, e.municipality_code, e.vendor_name, e.medium) for e in events] == [("loan", "091", "odl", "ebook")]
    # The vendor knows the patron only by a pseudonym: not the library ID, not the database id.
    at_vendor = world.sandbox("odl").app.lending.loans[loan.id].patron
    assert at_vendor == world.service().patron_ref(patron.id)
    assert patron.library_id not in at_vendor and at_vendor != str(patron.id) and len(at_vendor) == 32


def test_a_second_borrow_of_the_same_title_is_one_loan(world):
    publication, patron = brothers(world), world.patron()
    world.service().borrow(patron, publication)
    with pytest.raises(AlreadyDone):
        world.service().borrow(patron, publication)
    assert world.scalar(select(func.count()).select_from(Loan).where(Loan.status == "active")) == 1


def test_the_loan_limit_is_per_medium(world, monkeypatch):
    patron = world.patron()
    service = world.service()
    monkeypatch.setitem(service.rules.loan_limit, "ebook", 1)
    service.borrow(patron, brothers(world))
    with pytest.raises(LimitReached):
        service.borrow(patron, world.publication("odl", title="Nummisuutarit"))
    # An audiobook is another medium with its own limit.
    assert service.borrow(patron, world.publication("odl", medium="audiobook")).status == "active"


def test_only_residents_of_joined_municipalities_borrow(world):
    with pytest.raises(NotEligible):
        world.service().borrow(world.patron(municipality=NOT_JOINED), brothers(world))
    assert world.scalar(select(func.count()).select_from(Loan)) == 0


def test_no_free_seat_means_a_hold_with_first_come_first_served_positions(world):
    publication = one_seat(world)
    first, second, third = world.patron(), world.patron(), world.patron()
    world.service().borrow(first, publication)
    with pytest.raises(NotAvailable) as refused:
        world.service().borrow(second, publication)
    assert refused.value.details["can_hold"] is True
    service = world.service()
    held = [service.place_hold(patron, publication) for patron in (second, third)]
    assert [service.position(hold) for hold in held] == [1, 2]
    with pytest.raises(AlreadyDone):
        service.place_hold(second, publication)
    with pytest.raises(AlreadyDone):
        service.place_hold(first, publication)  # the borrower needs no hold


def test_the_hold_limit(world, monkeypatch):
    patron, others = world.patron(), world.patron()
    service = world.service()
    monkeypatch.setattr(service, "rules", service.rules.__class__(**{**service.rules.__dict__, "hold_limit": 1}))
    first, second = one_seat(world), brothers(world)
    service.borrow(others, first)
    service.place_hold(patron, first)
    for _ in range(4):
        service.borrow(world.patron(), second)
    with pytest.raises(LimitReached):
        service.place_hold(patron, second)


def test_a_free_seat_is_borrowed_not_held(world):
    with pytest.raises(NotAvailable) as refused:
        world.service().place_hold(world.patron(), brothers(world))
    assert refused.value.details.get("can_borrow")


def test_return_frees_the_seat_and_advances_the_queue_once(world):
    publication = one_seat(world)
    reader, waiting = world.patron(), world.patron(email="next@example.invalid")
    loan = world.service().borrow(reader, publication)
    hold = world.service().place_hold(waiting, publication)
    world.notifier().sent.clear()
    world.service().return_loan(reader, loan.id)
    with pytest.raises(AlreadyDone):
        world.service().return_loan(reader, loan.id)
    ready = world.all(select(Hold).where(Hold.id == hold.id))[0]
    assert ready.status == "ready"
    assert dt.timedelta(hours=71) < ready.ready_until - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=72)
    kinds = [e.kind for e in world.all(select(CirculationEvent).order_by(CirculationEvent.id))]
    assert kinds == ["loan", "hold", "return", "hold_ready"]
    sent = world.notifier().sent
    assert [n.recipient for n in sent] == ["next@example.invalid"] and "Nummisuutarit" in sent[0].subject
    # Somebody else cannot jump the queue; the patron whose hold is ready can borrow.
    with pytest.raises(NotAvailable):
        world.service().borrow(world.patron(), publication)
    assert world.service().borrow(waiting, publication).status == "active"
    assert world.all(select(Hold.status).where(Hold.id == hold.id)) == ["fulfilled"]


def test_someone_elses_loan_cannot_be_returned(world):
    loan = world.service().borrow(world.patron(), brothers(world))
    with pytest.raises(NotFound):
        world.service().return_loan(world.patron(), loan.id)
    with pytest.raises(NotFound):
        world.service().return_loan(world.patron(), "x" * 500)


def test_an_unclaimed_ready_hold_passes_to_the_next_patron(world):
    publication = one_seat(world)
    reader, slow, next_ = world.patron(), world.patron(), world.patron()
    loan = world.service().borrow(reader, publication)
    slow_hold = world.service().place_hold(slow, publication)
    next_hold = world.service().place_hold(next_, publication)
    world.service().return_loan(reader, loan.id)
    assert world.service().tick().expired_holds == 0  # still within its ready time
    report = world.service(clock=later(days=4)).tick()
    assert report.expired_holds == 1 and report.holds_ready == 1
    statuses = {hold.id: hold.status for hold in world.all(select(Hold))}
    assert statuses == {slow_hold.id: "expired", next_hold.id: "ready"}
    with pytest.raises(NotAvailable):
        world.service(clock=later(days=4)).borrow(slow, publication)


def test_loans_end_by_themselves_at_their_due_time(world):
    publication = one_seat(world)
    reader, waiting = world.patron(), world.patron()
    world.service().borrow(reader, publication)
    hold = world.service().place_hold(waiting, publication)
    assert world.service().tick().expired_loans == 0
    report = world.service(clock=later(days=22)).tick()
    assert report.expired_loans == 1 and report.holds_ready == 1
    assert world.all(select(Loan.status)) == ["expired"]
    assert world.all(select(Hold.status).where(Hold.id == hold.id)) == ["ready"]
    assert world.service(clock=later(days=22)).tick().expired_loans == 0  # running again changes nothing


def test_a_reminder_goes_once_before_the_loan_ends(world):
    world.service().borrow(world.patron(email="me@example.invalid"), brothers(world))
    world.notifier().sent.clear()
    assert world.service().tick().reminders == 0
    assert world.service(clock=later(days=13)).tick().reminders == 1
    assert world.service(clock=later(days=13, hours=1)).tick().reminders == 0
    assert [n.recipient for n in world.notifier().sent] == ["me@example.invalid"]
    assert "ends soon" in world.notifier().sent[0].subject


def test_expired_licenses_and_exhausted_checkouts_lend_nothing(world):
    publication = one_seat(world)
    with world.factory.begin() as session:
        for row in session.scalars(select(License).where(License.publication_id == publication.id)):
            row.checkouts_left = 0
    with pytest.raises(NotAvailable):
        world.service().borrow(world.patron(), world.publication("odl", title="Nummisuutarit"))
    with world.factory.begin() as session:
        for row in session.scalars(select(License).where(License.publication_id == publication.id)):
            row.checkouts_left, row.expires = 5, dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(NotAvailable):
        world.service().borrow(world.patron(), world.publication("odl", title="Nummisuutarit"))
    assert world.scalar(select(func.count()).select_from(Loan)) == 0


def test_a_loan_never_outlasts_its_license(world):
    publication = one_seat(world)
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    with world.factory.begin() as session:
        for row in session.scalars(select(License).where(License.publication_id == publication.id)):
            row.expires = soon
    loan = world.service().borrow(world.patron(), world.publication("odl", title="Nummisuutarit"))
    assert loan.due_at <= soon + dt.timedelta(seconds=1)


def test_holds_on_a_vendor_that_queues_itself_are_placed_there_in_order(world):
    publication = world.publication("onix")
    copies = world.sandbox("onix").app._availability(publication.vendor_key)["copies_total"]
    borrowers = [world.patron() for _ in range(copies)]
    for patron in borrowers:
        world.service().borrow(patron, publication)
    waiting = [world.patron(), world.patron()]
    holds = [world.service().place_hold(patron, publication) for patron in waiting]
    assert all(hold.vendor_hold_id for hold in holds)
    assert world.sandbox("onix").app._availability(publication.vendor_key)["holds"] == 2
    loan = world.all(select(Loan).where(Loan.patron_id == borrowers[0].id))[0]
    world.service().return_loan(borrowers[0], loan.id)
    # The first in the portal's queue is first at the vendor too: the vendor lends to them.
    assert world.service().borrow(waiting[0], publication).status == "active"
    world.service().cancel_hold(waiting[1], holds[1].id)
    assert world.sandbox("onix").app._availability(publication.vendor_key)["holds"] == 0


def test_magazines_open_without_a_loan_through_a_signed_link(world):
    issue, patron = world.publication("magazines"), world.patron()
    service = world.service()
    with pytest.raises(AlreadyDone):
        service.borrow(patron, issue)
    token = service.reader_link(patron, publication=issue)
    link = service.fulfil(token)
    assert link.href.startswith("http")
    with pytest.raises(NotFound):
        world.service(clock=later(hours=1)).fulfil(token)  # expired
    with pytest.raises(NotFound):
        service.fulfil(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))  # tampered
    assert world.scalar(select(func.count()).select_from(Loan)) == 0


def test_search_knows_when_the_last_copy_is_lent_and_returned(world):
    publication = world.publication("odl", title="Fänrik Ståls sägner", medium="audiobook")  # one seat
    index = lookup(world.registry, ISearchIndex)

    def available_now():
        with world.factory() as session:
            found = index.search(session, SearchQuery(text="Fänrik Ståls sägner", available=True, with_facets=False))
            return publication.id in found.publication_ids

    assert available_now()
    patron = world.patron()
    loan = world.service().borrow(patron, publication)
    assert not available_now()
    world.service().return_loan(patron, loan.id)
    assert available_now()


def test_cancelling_a_ready_hold_passes_the_copy_on(world):
    publication = one_seat(world)
    reader, first, second = world.patron(), world.patron(), world.patron()
    loan = world.service().borrow(reader, publication)
    first_hold = world.service().place_hold(first, publication)
    second_hold = world.service().place_hold(second, publication)
    world.service().return_loan(reader, loan.id)
    shelf = world.service().shelf(first)
    assert [(item.hold.status, item.position) for item in shelf.holds] == [("ready", None)]
    assert world.service().shelf(second).holds[0].position == 1
    assert world.service().shelf(second).holds[0].estimated_wait > dt.timedelta(0)
    world.service().cancel_hold(first, first_hold.id)
    with pytest.raises(AlreadyDone):
        world.service().cancel_hold(first, first_hold.id)
    statuses = {hold.id: hold.status for hold in world.all(select(Hold))}
    assert statuses == {first_hold.id: "cancelled", second_hold.id: "ready"}
