"""How many copies of a publication the collection has, how many are free, and how long the queue is.

Read from the portal's own tables (licenses, loans, holds), never from the vendor, so a title page or a
feed of fifty entries costs one indexed query whatever the vendors are doing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import defaultdict

from sqlalchemy import func, literal, select, union_all

from ..models import Hold, Loan

# Loans and holds in these states hold a seat or a place in the queue.
SEATED_LOANS = ("pending", "active")
WAITING_HOLDS = ("waiting",)
READY_HOLDS = ("ready",)
# When no license says how long a loan lasts, the usual e-lending period is assumed for the estimate.
DEFAULT_LOAN_LENGTH = dt.timedelta(days=14)


@dataclasses.dataclass(frozen=True)
class TitleAvailability:
    """Copies and queue of one publication; ``copies_total`` None means simultaneous use (no limit)."""

    publication_id: int
    lendable: bool
    copies_total: int | None
    copies_available: int | None
    holds: int
    loan_length: dt.timedelta
    estimated_wait: dt.timedelta | None
    counted_by_vendor: bool = False  # the vendor keeps the seats (and the queue); the portal has no licenses

    @property
    def unlimited(self):
        return self.lendable and self.copies_total is None and not self.counted_by_vendor

    @property
    def state(self):
        """The OPDS availability state for a patron who has neither a loan nor a hold."""
        if self.lendable and (self.copies_total is None or (self.copies_available or 0) > 0):
            return "available"
        return "unavailable"


def usable(license_, now):
    """A license lends now: listed by the vendor, not expired, checkouts left."""
    return (
        license_.status == "available"
        and (license_.expires is None or license_.expires > now)
        and (license_.checkouts_left is None or license_.checkouts_left > 0)
    )


def estimate_wait(position, seats, loan_length):
    """How long the patron at ``position`` in the queue waits for one of ``seats`` copies.

    Simply: every seat frees once per loan period, so the queue moves ``seats`` patrons per period and the
    patron waits ``position × loan length / seats``. Early returns make it shorter, unclaimed reservations
    longer; the page says it is an estimate.
    """
    if seats <= 0:
        return None
    return dt.timedelta(seconds=math.ceil(position * loan_length.total_seconds() / seats))


def vendors_counting_seats(request):
    """Names of the vendors that keep their own seats and queue (``IContentProvider.queues``)."""
    from ..vendors.services import VendorDirectory

    return frozenset(provider.name for provider in request.find_service(VendorDirectory).all() if provider.queues)


def availability_for(session, publications, now=None, counted_by_vendor=frozenset()):
    """Return {publication id: TitleAvailability} for ``publications`` (their licenses already loaded).

    ``counted_by_vendor`` names the vendors that count their own copies (see ``vendors_counting_seats``).
    """
    now = now or dt.datetime.now(dt.UTC)
    ids = [p.id for p in publications]
    if not ids:
        return {}
    # Seated loans and the queue in one statement: one round trip per page, however many titles it shows.
    loans = (
        select(Loan.publication_id, literal("loan").label("status"), func.count().label("n"))
        .where(Loan.publication_id.in_(ids), Loan.status.in_(SEATED_LOANS))
        .group_by(Loan.publication_id)
    )
    holds = (
        select(Hold.publication_id, Hold.status, func.count())
        .where(Hold.publication_id.in_(ids), Hold.status.in_(WAITING_HOLDS + READY_HOLDS))
        .group_by(Hold.publication_id, Hold.status)
    )
    seated = {}
    queues = defaultdict(lambda: {"waiting": 0, "ready": 0})
    for publication_id, status, count in session.execute(union_all(loans, holds)):
        if status == "loan":
            seated[publication_id] = count
        else:
            queues[publication_id]["waiting" if status in WAITING_HOLDS else "ready"] += count
    return {
        p.id: _one(p, now, seated.get(p.id, 0), queues[p.id], p.vendor_name in counted_by_vendor) for p in publications
    }


def _one(publication, now, seated, queue, vendor_counts=False):
    licenses = [license_ for license_ in publication.licenses if usable(license_, now)]
    lengths = [license_.loan_length_seconds for license_ in licenses if license_.loan_length_seconds]
    loan_length = dt.timedelta(seconds=sum(lengths) / len(lengths)) if lengths else DEFAULT_LOAN_LENGTH
    waiting = queue["waiting"]
    if publication.simultaneous_use or any(license_.concurrency is None for license_ in licenses):
        return TitleAvailability(publication.id, True, None, None, 0, loan_length, dt.timedelta(0))
    if vendor_counts and not publication.licenses:
        # A vendor that counts its own copies and keeps its own queue: borrowing asks it.
        return TitleAvailability(publication.id, True, None, None, waiting, loan_length, None, counted_by_vendor=True)
    if not licenses:
        return TitleAvailability(publication.id, False, 0, 0, waiting, loan_length, None)
    total = sum(license_.concurrency for license_ in licenses)
    available = max(0, total - seated - queue["ready"])
    if available > waiting:
        wait = dt.timedelta(0)
    else:
        # A new hold joins the end of the queue.
        wait = estimate_wait(waiting + 1, total, loan_length)
    return TitleAvailability(publication.id, True, total, available, waiting, loan_length, wait)
