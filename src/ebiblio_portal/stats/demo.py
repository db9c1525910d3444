"""A year of made-up circulation for the demo, so its statistics pages have something to draw.

Only ``ebiblio demo`` calls this, and only on a database with no circulation events yet: real events are
never mixed with invented ones. The events are anonymous, like real ones, and counted by ``refresh``.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, insert, select

from ..models import CirculationEvent, Municipality, PatronEvent, Publication
from .refresh import refresh

MONTHS = 12
LOANS_PER_MONTH = 400
# Of the loans: returned early, run to their end, and holds placed and made ready.
FOLLOW_UPS = (("return", 0.85), ("expiry", 0.12), ("hold", 0.3), ("hold_ready", 0.2))
TITLES = 300


def make_history(session, codes, now=None, seed=2024):
    """Add a year of loans, returns, holds and patron events in ``codes``; returns the loans added (0: none)."""
    if session.scalar(select(func.count()).select_from(CirculationEvent)):
        return 0
    titles = session.execute(
        select(Publication.id, Publication.vendor_name, Publication.medium, Publication.language)
        .where(Publication.withdrawn.is_(False), Publication.simultaneous_use.is_(False))
        .order_by(Publication.id)
        .limit(TITLES)
    ).all()
    populations = dict(
        session.execute(select(Municipality.code, Municipality.population).where(Municipality.code.in_(codes))).all()
    )
    if not titles or not populations:
        return 0
    rng = random.Random(seed)
    now = now or dt.datetime.now(dt.UTC)
    places = sorted(populations)
    weights = [max(1, populations[code] or 1) for code in places]
    # A few titles are borrowed far more than the rest, as in a real collection.
    popularity = [1 / (rank + 1) for rank in range(len(titles))]
    circulation, patrons = [], []
    for back in range(MONTHS):
        start = now - dt.timedelta(days=30 * (back + 1))
        growth = 1 + (MONTHS - back) / MONTHS  # the service grows month by month
        for _ in range(int(LOANS_PER_MONTH * growth)):
            at = start + dt.timedelta(seconds=rng.uniform(0, 30 * 86400 - 3600))
            title = rng.choices(titles, popularity)[0]
            code = rng.choices(places, weights)[0]
            event = {"publication_id": title.id, "vendor_name": title.vendor_name, "medium": title.medium}
            event.update(language=title.language, municipality_code=code)
            circulation.append({**event, "kind": "loan", "at": at})
            for kind, share in FOLLOW_UPS:
                if rng.random() < share:
                    later = at + dt.timedelta(days=rng.uniform(0.5, 20))
                    circulation.append({**event, "kind": kind, "at": min(later, now - dt.timedelta(hours=1))})
            if rng.random() < 0.25:
                patrons.append({"kind": "patron_active", "at": at, "municipality_code": code})
            if rng.random() < 0.05:
                patrons.append({"kind": "patron_registered", "at": at, "municipality_code": code})
    session.execute(insert(CirculationEvent), circulation)
    session.execute(insert(PatronEvent), patrons)
    refresh(session, now)
    return sum(1 for event in circulation if event["kind"] == "loan")
