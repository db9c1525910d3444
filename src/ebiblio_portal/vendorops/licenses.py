"""The license overview: licenses about to expire and licenses with no checkouts left."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..models import License, Publication

MAX_DAYS = 366


def expiring(session, days, at=None, limit=500):
    """Available licenses that expire within ``days`` days, soonest first, with their publications."""
    at = at or dt.datetime.now(dt.UTC)
    return session.execute(
        select(License, Publication)
        .join(Publication, Publication.id == License.publication_id)
        .where(
            License.status == "available",
            License.expires.is_not(None),
            License.expires > at,
            License.expires <= at + dt.timedelta(days=days),
            Publication.withdrawn.is_(False),
        )
        .order_by(License.expires, License.id)
        .limit(limit)
    ).all()


def exhausted(session, limit=500):
    """Licenses with no checkouts left (the title needs a new one to lend again)."""
    return session.execute(
        select(License, Publication)
        .join(Publication, Publication.id == License.publication_id)
        .where(License.checkouts_left == 0, Publication.withdrawn.is_(False))
        .order_by(Publication.sort_title, License.id)
        .limit(limit)
    ).all()
