"""Seats of one publication, counted under its lock: which license lends next, and who in the queue gets a copy.

A publication's seats come from its license rows (the sum of their concurrency, each license counted on its
own). A vendor that keeps its own queue and states no license terms has no license rows: its seats are the
vendor's ``availability().copies_total``, read before the lock and passed in as ``vendor_total``. A
simultaneous-use title, or a license without a concurrency, has no limit.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select, update

from ..catalog.availability import usable
from ..models import Hold, License, Loan, Publication

SEATED = ("pending", "active", "settling")
# What counting and lending read of a license (rows, not ORM objects: nothing to track or flush).
LICENSE_COLUMNS = (
    License.id,
    License.identifier,
    License.concurrency,
    License.checkouts_left,
    License.expires,
    License.loan_length_seconds,
    License.status,
)


def lock(session, publication_id):
    """Take the publication's lock for the rest of the transaction (waits for whoever holds it).

    PostgreSQL: a row lock that does not block foreign-key checks of new loans. SQLite: a no-op write as the
    transaction's first statement takes the database's write lock at once (BEGIN IMMEDIATE semantics), so two
    borrowers never count seats from the same stale snapshot.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(Publication.id).where(Publication.id == publication_id).with_for_update(key_share=True)
        ).all()
    else:
        session.execute(
            update(Publication).where(Publication.id == publication_id).values(popularity=Publication.popularity)
        )


@dataclasses.dataclass
class Seats:
    """What a publication has and uses now; ``total`` None means no limit."""

    total: int | None
    free: int | None
    waiting: int
    ready: int
    licenses: list  # (license row, loans on it) of usable licenses with a free seat, the one to lend first first
    licensed: bool = False  # the publication has license rows (else: simultaneous use or the vendor's seats)
    answers: dict = dataclasses.field(default_factory=dict)  # what ``count(asking=...)`` asked


def count(session, publication, now, vendor_total=None, asking=()):
    """Count seats of ``publication`` (call under its lock) in one statement.

    The queue's counts come in one row, joined to each license row with the loans seated on it; a title
    without licenses gives that one row with no license. ``asking`` adds labelled scalar subqueries (e.g.
    about the borrowing patron) to that row, answered in the same statement; ``Seats.answers`` has them.
    """
    publication_id = publication.id
    queue = select(
        _counted(Hold, Hold.status == "waiting", publication_id).label("waiting"),
        _counted(Hold, Hold.status == "ready", publication_id).label("ready"),
        _counted(Loan, Loan.status.in_(SEATED), publication_id).label("seated"),
        *asking,
    ).subquery("queue")
    used = (
        select(func.count())
        .where(Loan.license_id == License.id, Loan.status.in_(SEATED))
        .correlate(License)
        .scalar_subquery()
    )
    rows = session.execute(
        select(queue, *LICENSE_COLUMNS, used.label("used")).select_from(
            queue.outerjoin(License, License.publication_id == publication_id)
        )
    ).all()
    first = rows[0]
    waiting, ready, seated = first.waiting, first.ready, first.seated
    answers = {column.name: first._mapping[column.name] for column in asking}
    rows = [row for row in rows if row.id is not None]
    if publication.simultaneous_use:
        return Seats(None, None, waiting, ready, [], answers=answers)
    if not rows:
        if vendor_total is None:
            return Seats(0, 0, waiting, ready, [], answers=answers)
        return Seats(vendor_total, max(0, vendor_total - seated - ready), waiting, ready, [], answers=answers)
    free_licenses = []
    total = free = 0
    unlimited = False
    for row in rows:
        if not usable(row, now):
            continue
        if row.concurrency is None:
            unlimited = True
            free_licenses.append((row, row.used))
            continue
        total += row.concurrency
        if row.used < row.concurrency:
            free += row.concurrency - row.used
            free_licenses.append((row, row.used))
    free_licenses.sort(key=preference)
    if unlimited:
        return Seats(None, None, waiting, ready, free_licenses, True, answers)
    return Seats(total, max(0, free - ready), waiting, ready, free_licenses, True, answers)


def _counted(model, condition, publication_id):
    return select(func.count()).where(model.publication_id == publication_id, condition).scalar_subquery()


def preference(pair):
    """Lend from the license that expires soonest, then the one with the fewest checkouts left."""
    row, _used = pair
    return (
        row.expires is None,
        row.expires.timestamp() if row.expires else 0,
        row.checkouts_left is None,
        row.checkouts_left or 0,
        row.id,
    )
