"""Popularity: loans and holds of the last ``ebiblio.search.popularity_days`` days, from ``circulation_events``.

Circulation adds one to ``publications.popularity`` as a loan starts, so it only counts up between
recomputations; ``recompute`` sets it to the count inside the window again, from the anonymous event
trail, and says which publications changed so that only their works are indexed again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, func, select, update

from ..models import CirculationEvent, Publication

# The events that count as a patron's interest in a title.
COUNTED = ("loan", "hold")
CHUNK = 1000


def recompute(session, days, now=None):
    """Set every publication's popularity to its loans and holds of the last ``days`` days.

    Returns the ids of the publications whose popularity changed (for ``ISearchIndex.update``).
    """
    now = now or dt.datetime.now(dt.UTC)
    since = now - dt.timedelta(days=days)
    counted = dict(
        session.execute(
            select(CirculationEvent.publication_id, func.count())
            .where(
                CirculationEvent.kind.in_(COUNTED),
                CirculationEvent.at >= since,
                CirculationEvent.publication_id.is_not(None),
            )
            .group_by(CirculationEvent.publication_id)
        ).all()
    )
    # Only rows that count now or counted before can change: the rest stay at 0.
    current = dict(
        session.execute(select(Publication.id, Publication.popularity).where(Publication.popularity != 0)).all()
    )
    for publication_id in counted.keys() - current.keys():
        current[publication_id] = 0
    changed = [
        {"id_": publication_id, "value": counted.get(publication_id, 0)}
        for publication_id, popularity in current.items()
        if popularity != counted.get(publication_id, 0)
    ]
    statement = update(Publication).where(Publication.id == bindparam("id_")).values(popularity=bindparam("value"))
    connection = session.connection()
    for start in range(0, len(changed), CHUNK):
        connection.execute(statement, changed[start : start + CHUNK])
    return sorted(row["id_"] for row in changed)
