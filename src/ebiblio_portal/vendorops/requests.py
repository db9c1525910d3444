""" "Sync now": a request the scheduled ``ebiblio sync --requested`` carries out, never two runs of a vendor at once.

The web process does not sync: a full catalogue can take minutes and the process may be one of many. The
button marks the vendor; the scheduler (every minute or so) claims the mark with a conditional update, so
of two schedulers only one runs it, and a vendor whose sync is running is not started again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from ..models import SyncRun, Vendor

# A run still "running" after this long has crashed without finishing; it no longer blocks a new one.
STALE = dt.timedelta(hours=6)


def now():
    return dt.datetime.now(dt.UTC)


def running(session, vendor_name, at=None):
    """The vendor's sync run in progress, or None."""
    at = at or now()
    return session.scalar(
        select(SyncRun)
        .where(SyncRun.vendor_name == vendor_name, SyncRun.status == "running", SyncRun.started_at > at - STALE)
        .order_by(SyncRun.started_at.desc())
        .limit(1)
    )


def request_sync(session, provider, who, at=None):
    """Mark the vendor for an incremental sync; returns "requested", "already_requested" or "running"."""
    at = at or now()
    if running(session, provider.name, at) is not None:
        return "running"
    vendor = session.get(Vendor, provider.name)
    if vendor is None:
        vendor = Vendor(name=provider.name, title=provider.title, origin=str(provider.origin))
        session.add(vendor)
        session.flush()
    changed = session.execute(
        update(Vendor)
        .where(Vendor.name == provider.name, Vendor.sync_requested_at.is_(None))
        .values(sync_requested_at=at, sync_requested_by=who[:100])
        .execution_options(synchronize_session=False)
    ).rowcount
    return "requested" if changed else "already_requested"


def claim_requested(session, at=None, names=None):
    """The names of vendors (of ``names``, if given) whose request this caller won, the mark cleared.

    A vendor whose sync is running keeps its mark for a later run.
    """
    at = at or now()
    claimed = []
    query = select(Vendor).where(Vendor.sync_requested_at.is_not(None))
    if names is not None:
        query = query.where(Vendor.name.in_(sorted(names)))
    for vendor in session.scalars(query).all():
        if running(session, vendor.name, at) is not None:
            continue
        won = session.execute(
            update(Vendor)
            .where(Vendor.name == vendor.name, Vendor.sync_requested_at == vendor.sync_requested_at)
            .values(sync_requested_at=None, sync_requested_by=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won:
            claimed.append(vendor.name)
    return claimed
