"""The demo's made-up year of circulation: only on an empty trail, and counted like real events."""

import datetime as dt

from sqlalchemy import func, select

from ebiblio_portal.models import CirculationEvent
from ebiblio_portal.stats import queries
from ebiblio_portal.stats.demo import make_history

from ..common.staff import HOME, OTHER, join
from .helpers import at, event, publication

NOW = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)


def _loans(session):
    return session.scalar(select(func.count()).select_from(CirculationEvent).where(CirculationEvent.kind == "loan"))


def test_a_year_of_loans_is_made_and_counted(dbsession):
    join(dbsession, HOME)
    join(dbsession, OTHER)
    for n in range(5):
        publication(dbsession, f"b{n}", f"Kirja {n}")
    made = make_history(dbsession, [HOME, OTHER], now=NOW)
    assert made == _loans(dbsession) > 0
    months = queries.by_month(dbsession, queries.Selection(queries.Period("2025-06", "2026-06")))
    assert sum(month["loan"] for month in months.values()) == made
    assert {month for month, counts in months.items() if counts["loan"]} >= {"2025-07", "2026-05"}


def test_real_events_are_never_mixed_with_made_up_ones(dbsession):
    join(dbsession, HOME)
    book = publication(dbsession, "b1", "Kirja")
    event(dbsession, "loan", book, HOME, at(2026, 3))
    assert make_history(dbsession, [HOME], now=NOW) == 0
    assert _loans(dbsession) == 1


def test_nothing_is_made_without_titles(dbsession):
    join(dbsession, HOME)
    assert make_history(dbsession, [HOME], now=NOW) == 0
    assert _loans(dbsession) == 0
