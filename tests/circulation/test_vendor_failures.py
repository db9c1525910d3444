"""The vendor and the portal never disagree: failures before, during and after the checkout, and a failed commit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ebiblio_portal.circulation.interfaces import AlreadyDone, VendorFailed
from ebiblio_portal.circulation.steps import Steps
from ebiblio_portal.models import Loan

from .test_lending import brothers, later


class FailingSteps(Steps):
    """Fails the commit of one named step, as a crash or a lost database connection would."""

    def __init__(self, session, manager, failing):
        super().__init__(session, manager)
        self.failing = failing

    def commit(self, step):
        if step == self.failing:
            raise RuntimeError(f"injected commit failure at {step}")
        super().commit(step)


def failing_service(world, step):
    service = world.service()
    service.steps = FailingSteps(service.session, service.steps.manager, step)
    return service


def vendor_live_loans(world, license_identifier="9789510000014-1"):
    left, available = world.sandbox("odl").counts(license_identifier)
    return 1 - available


@pytest.mark.parametrize("fault", ["error", "drop"])
def test_a_vendor_that_fails_before_lending_leaves_no_loan(world, fault):
    publication, patron = brothers(world), world.patron()
    world.sandbox("odl").set(fault)
    with pytest.raises(VendorFailed) as failed:
        world.service().borrow(patron, publication)
    assert "try again" in str(failed.value.message)
    world.sandbox("odl").clear()
    assert world.scalar(select(func.count()).select_from(Loan).where(Loan.status == "active")) == 0
    assert vendor_live_loans(world) == 0
    # The half-made loan is settled by the tick: nothing at the vendor, nothing in the portal.
    report = world.service(clock=later(hours=1)).tick()
    assert report.settled == 1
    # Repeating the checkout with the same key, then returning it, leaves nothing lent.
    assert world.all(select(Loan.status)) == ["cancelled"]
    assert vendor_live_loans(world) == 0
    assert world.service().borrow(patron, publication).status == "active"


def test_a_lost_answer_after_the_vendor_lent_is_settled_by_the_tick(world):
    publication, patron = brothers(world), world.patron()
    # The checkout goes through at the vendor, but its answer arrives broken.
    world.sandbox("odl").set("truncate", only="/checkout")
    with pytest.raises(VendorFailed):
        world.service().borrow(patron, publication)
    world.sandbox("odl").clear()
    assert vendor_live_loans(world) == 1  # the vendor lent it
    with pytest.raises(AlreadyDone):
        world.service().borrow(patron, publication)  # a double click right after: still one attempt
    world.service(clock=later(hours=1)).tick()
    assert vendor_live_loans(world) == 0
    assert world.all(select(Loan.status)) == ["cancelled"]


def test_a_retry_after_a_lost_answer_resumes_with_the_same_idempotency_key(world):
    publication, patron = brothers(world), world.patron()
    world.sandbox("odl").set("truncate", only="/checkout")
    with pytest.raises(VendorFailed):
        world.service().borrow(patron, publication)
    world.sandbox("odl").clear()
    loan = world.service(clock=lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)).borrow(patron, publication)
    assert loan.status == "active"
    assert world.scalar(select(func.count()).select_from(Loan)) == 1
    assert vendor_live_loans(world) == 1


def test_a_failed_commit_after_the_vendor_lent_returns_the_loan_there(world):
    publication, patron = brothers(world), world.patron()
    with pytest.raises(VendorFailed):
        failing_service(world, "record").borrow(patron, publication)
    assert vendor_live_loans(world) == 0  # compensated at once
    assert world.all(select(Loan.status)) == ["cancelled"]
    assert world.service().borrow(patron, publication).status == "active"


def test_a_failed_commit_and_a_failed_compensation_are_settled_by_the_tick(world):
    publication, patron = brothers(world), world.patron()
    service = failing_service(world, "record")
    world.sandbox("odl").set("error", only="/return")
    with pytest.raises(VendorFailed):
        service.borrow(patron, publication)
    world.sandbox("odl").clear()
    assert vendor_live_loans(world) == 1 and world.all(select(Loan.status)) == ["pending"]
    assert world.service(clock=later(hours=1)).tick().settled == 1
    assert vendor_live_loans(world) == 0 and world.all(select(Loan.status)) == ["cancelled"]


def test_a_failed_reserve_calls_no_vendor(world):
    publication = brothers(world)
    before = world.sandbox("odl").requests
    with pytest.raises(RuntimeError):
        failing_service(world, "reserve").borrow(world.patron(), publication)
    assert world.sandbox("odl").requests == before
    assert world.scalar(select(func.count()).select_from(Loan)) == 0


def test_a_failed_return_at_the_vendor_keeps_the_loan(world):
    publication, patron = brothers(world), world.patron()
    loan = world.service().borrow(patron, publication)
    world.sandbox("odl").set("error")
    with pytest.raises(VendorFailed):
        world.service().return_loan(patron, loan.id)
    world.sandbox("odl").clear()
    assert world.all(select(Loan.status)) == ["active"] and vendor_live_loans(world) == 1
    world.service().return_loan(patron, loan.id)
    assert world.all(select(Loan.status)) == ["returned"] and vendor_live_loans(world) == 0


def test_reconcile_reports_and_repairs_loans_the_vendor_ended(world):
    publication, patron = brothers(world), world.patron()
    loan = world.service().borrow(patron, publication)
    world.sandbox("odl").app.lending.give_back(
        world.sandbox("odl").app.lending.loans[loan.id], world.sandbox("odl").now()
    )
    dry = world.service().reconcile(repair=False)
    assert dry.checked == 1 and dry.ended_at_vendor == 1 and dry.repaired == 0
    assert world.all(select(Loan.status)) == ["active"]
    report = world.service().reconcile()
    assert report.repaired == 1 and world.all(select(Loan.status)) == ["returned"]
    assert world.service().reconcile().checked == 0
