"""Seats of one publication, counted under its lock: which license lends next, and who in the queue gets a copy.

A publication's seats come from its license rows (the sum of their concurrency, each license counted on its
own). A vendor that keeps its own queue and states no license terms has no license rows: its seats are the
vendor's ``availability().copies_total``, read before the lock and passed in as ``vendor_total``. A
simultaneous-use title, or a license without a concurrency, has no limit.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import bindparam, func, or_, select, update

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
# The statements of the busiest path are built once, with bound parameters; building one costs more than running it.
PUBLICATION_ID = bindparam("publication_id")
LOCK_FOR_UPDATE = select(Publication.id).where(Publication.id == PUBLICATION_ID).with_for_update(key_share=True)
LOCK_BY_WRITING = (
    update(Publication)
    .where(Publication.id == PUBLICATION_ID)
    .values(popularity=Publication.popularity)
    .execution_options(synchronize_session=False)
)


def seated(status):
    """``status`` holds a seat (an OR of equalities: a plain bound statement, unlike an expanding IN)."""
    return or_(*(status == name for name in SEATED))


def lock(session, publication_id):
    """Take the publication's lock for the rest of the transaction (waits for whoever holds it).

    PostgreSQL: a row lock that does not block foreign-key checks of new loans. SQLite: a no-op write as the
    transaction's first statement takes the database's write lock at once (BEGIN IMMEDIATE semantics), so two
    borrowers never count seats from the same stale snapshot.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(LOCK_FOR_UPDATE, {"publication_id": publication_id}).all()
    else:
        session.execute(LOCK_BY_WRITING, {"publication_id": publication_id})


def counting(*asking):
    """The statement ``count`` runs: the queue's counts in one row, joined to each license row with its loans.

    ``asking`` adds labelled scalar subqueries to that row (e.g. about the borrowing patron), answered in the
    same statement; they may use the bound parameter ``publication_id`` and their own.
    """

    def counted(model, condition):
        return select(func.count()).where(model.publication_id == PUBLICATION_ID, condition).scalar_subquery()

    queue = select(
        counted(Hold, Hold.status == "waiting").label("waiting"),
        counted(Hold, Hold.status == "ready").label("ready"),
        counted(Loan, seated(Loan.status)).label("seated"),
        *asking,
    ).subquery("queue")
    used = select(func.count()).where(Loan.license_id == License.id, seated(Loan.status)).correlate(License)
    return select(queue, *LICENSE_COLUMNS, used.scalar_subquery().label("used")).select_from(
        queue.outerjoin(License, License.publication_id == PUBLICATION_ID)
    )


COUNT = counting()
COUNTED = frozenset(("waiting", "ready", "seated", "used", *(column.key for column in LICENSE_COLUMNS)))


@dataclasses.dataclass
class Seats:
    """What a publication has and uses now; ``total`` None means no limit."""

    total: int | None
    free: int | None
    waiting: int
    ready: int
    licenses: list  # (license row, loans on it) of usable licenses with a free seat, the one to lend first first
    licensed: bool = False  # the publication has license rows (else: simultaneous use or the vendor's seats)
    answers: dict = dataclasses.field(default_factory=dict)  # what the ``counting`` statement's questions found


def count(session, publication, now, vendor_total=None, statement=COUNT, **params):
    """Count seats of ``publication`` (call under its lock) in one statement: ``COUNT``, or one ``counting`` made.

    ``params`` are the bound parameters of the statement's own questions; ``Seats.answers`` has their answers.
    """
    rows = session.execute(statement, {"publication_id": publication.id, **params}).all()
    first = rows[0]
    waiting, ready, seated_now = first.waiting, first.ready, first.seated
    answers = {name: value for name, value in first._mapping.items() if name not in COUNTED}
    rows = [row for row in rows if row.id is not None]
    if publication.simultaneous_use:
        return Seats(None, None, waiting, ready, [], answers=answers)
    if not rows:
        if vendor_total is None:
            return Seats(0, 0, waiting, ready, [], answers=answers)
        return Seats(vendor_total, max(0, vendor_total - seated_now - ready), waiting, ready, [], answers=answers)
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
