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
    licenses: list  # (License, loans on it) of usable licenses with a free seat, the one to lend first first
    licensed: bool = False  # the publication has license rows (else: simultaneous use or the vendor's seats)


def count(session, publication, now, vendor_total=None):
    """Count seats of ``publication`` (call under its lock)."""
    per_license = dict(
        session.execute(
            select(Loan.license_id, func.count())
            .where(Loan.publication_id == publication.id, Loan.status.in_(SEATED))
            .group_by(Loan.license_id)
        ).all()
    )
    seated = sum(per_license.values())
    queue = dict(
        session.execute(
            select(Hold.status, func.count())
            .where(Hold.publication_id == publication.id, Hold.status.in_(("waiting", "ready")))
            .group_by(Hold.status)
        ).all()
    )
    waiting, ready = queue.get("waiting", 0), queue.get("ready", 0)
    rows = list(session.scalars(select(License).where(License.publication_id == publication.id)))
    if publication.simultaneous_use:
        return Seats(None, None, waiting, ready, [])
    lendable = [row for row in rows if usable(row, now)]
    if not rows:
        if vendor_total is None:
            return Seats(0, 0, waiting, ready, [])
        return Seats(vendor_total, max(0, vendor_total - seated - ready), waiting, ready, [])
    free_licenses = []
    total = free = 0
    unlimited = False
    for row in lendable:
        used = per_license.get(row.id, 0)
        if row.concurrency is None:
            unlimited = True
            free_licenses.append((row, used))
            continue
        total += row.concurrency
        if used < row.concurrency:
            free += row.concurrency - used
            free_licenses.append((row, used))
    free_licenses.sort(key=preference)
    if unlimited:
        return Seats(None, None, waiting, ready, free_licenses, True)
    return Seats(total, max(0, free - ready), waiting, ready, free_licenses, True)


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
