"""Many patrons at once: never more loans than seats, one queue without gaps, parallel ticks that agree."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from ebiblio_portal.circulation.interfaces import AlreadyDone, NotAvailable
from ebiblio_portal.models import Hold, Loan

from .test_lending import later, one_seat

PATRONS = 12


def test_patrons_borrowing_at_once_get_exactly_the_seats_and_an_orderly_queue(world):
    publication = world.publication("odl", title="Seitsemän veljestä", medium="ebook")  # 1 + 3 seats
    patrons = [world.patron() for _ in range(PATRONS)]
    start = threading.Barrier(PATRONS)

    def attempt(patron):
        start.wait()
        try:
            world.service().borrow(patron, publication)
            return "loan"
        except NotAvailable:
            world.service().place_hold(patron, publication)
            return "hold"

    with ThreadPoolExecutor(PATRONS) as pool:
        outcomes = list(pool.map(attempt, patrons))
    assert outcomes.count("loan") == 4 and outcomes.count("hold") == PATRONS - 4
    assert len(world.all(select(Loan).where(Loan.status == "active"))) == 4
    service = world.service()
    positions = sorted(service.position(hold) for hold in world.all(select(Hold)))
    assert positions == list(range(1, PATRONS - 4 + 1))
    assert len({hold.queue_number for hold in world.all(select(Hold))}) == PATRONS - 4


def test_a_double_click_is_one_loan(world):
    publication, patron = one_seat(world), world.patron()
    start = threading.Barrier(4)

    def click():
        start.wait()
        try:
            return world.service().borrow(patron, publication).status
        except AlreadyDone:
            return "already"

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(lambda _: click(), range(4)))
    assert outcomes.count("active") == 1 and outcomes.count("already") == 3
    assert len(world.all(select(Loan))) == 1


def test_returning_twice_at_once_is_one_return(world):
    publication, patron = one_seat(world), world.patron()
    loan = world.service().borrow(patron, publication)
    start = threading.Barrier(3)

    def give_back():
        start.wait()
        try:
            world.service().return_loan(patron, loan.id)
            return "returned"
        except AlreadyDone:
            return "already"

    with ThreadPoolExecutor(3) as pool:
        outcomes = list(pool.map(lambda _: give_back(), range(3)))
    assert outcomes.count("returned") == 1
    from ebiblio_portal.models import CirculationEvent

    assert [e.kind for e in world.all(select(CirculationEvent))].count("return") == 1


def test_parallel_ticks_end_each_loan_and_pass_each_hold_once(world):
    publication = one_seat(world)
    world.service().borrow(world.patron(), publication)
    for _ in range(3):
        world.service().place_hold(world.patron(), publication)
    clock = later(days=30)
    start = threading.Barrier(4)

    def tick():
        start.wait()
        return world.service(clock=clock).tick()

    with ThreadPoolExecutor(4) as pool:
        reports = list(pool.map(lambda _: tick(), range(4)))
    assert sum(report.expired_loans for report in reports) == 1
    assert sum(report.holds_ready for report in reports) == 1
    assert [hold.status for hold in world.all(select(Hold).order_by(Hold.queue_number))] == [
        "ready",
        "waiting",
        "waiting",
    ]
