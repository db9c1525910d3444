"""What the rest of the portal calls to feed the statistics: anonymous, in the caller's transaction."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import or_, update

from ..models import Patron, PatronEvent

FINNISH_TIME = zoneinfo.ZoneInfo("Europe/Helsinki")
REGISTERED = "patron_registered"
ACTIVE = "patron_active"


def month_of(at):
    """The month ``YYYY-MM`` of ``at`` in Finnish time (a naive time is taken as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(FINNISH_TIME).strftime("%Y-%m")


def patron_registered(session, municipality_code, at):
    """Count a new patron of ``municipality_code``."""
    session.add(PatronEvent(kind=REGISTERED, at=at, municipality_code=municipality_code))


def patron_active(session, patron_id, municipality_code, at):
    """Count the patron as active in ``at``'s month, once: the month is kept on the patron's own row.

    The conditional update is atomic, so two loans at once still count the patron once.
    """
    month = month_of(at)
    changed = session.execute(
        update(Patron)
        .where(Patron.id == patron_id, or_(Patron.active_month.is_(None), Patron.active_month != month))
        .values(active_month=month)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed:
        session.add(PatronEvent(kind=ACTIVE, at=at, municipality_code=municipality_code))
    return bool(changed)
