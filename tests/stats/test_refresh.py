"""Counting events into the monthly tables: once each, by Finnish month, in every pre-summed row."""

import datetime as dt

from sqlalchemy import func, select

from ebiblio_portal.models import MonthlyCount, PatronEvent
from ebiblio_portal.stats import queries, recording
from ebiblio_portal.stats.refresh import refresh

from ..common.staff import HOME, OTHER, add_patron, join
from .helpers import at, event, publication

YEAR = queries.Selection(queries.Period("2025-01", "2025-12"))


def test_events_are_counted_once_however_often_the_refresh_runs(dbsession):
    book = publication(dbsession, "b1", "Kirja")
    event(dbsession, "loan", book, HOME, at(2025, 3))
    event(dbsession, "loan", book, OTHER, at(2025, 3))
    assert refresh(dbsession, settle=dt.timedelta(0)).circulation_events == 2
    assert refresh(dbsession, settle=dt.timedelta(0)).circulation_events == 0
    event(dbsession, "return", book, HOME, at(2025, 4))
    refresh(dbsession, settle=dt.timedelta(0))
    months = queries.by_month(dbsession, YEAR)
    assert months["2025-03"]["loan"] == 2 and months["2025-04"]["return"] == 1 and months["2025-05"]["loan"] == 0
    home = queries.by_month(dbsession, queries.Selection(YEAR.period, municipality_code=HOME))
    assert home["2025-03"]["loan"] == 1


def test_the_month_is_finnish_time():
    # 31 March 22:30 UTC is already April in Finland (UTC+3 in summer time).
    assert recording.month_of(dt.datetime(2025, 3, 31, 22, 30, tzinfo=dt.UTC)) == "2025-04"
    assert recording.month_of(dt.datetime(2025, 1, 31, 21, 59, tzinfo=dt.UTC)) == "2025-01"


def test_events_that_have_not_settled_wait_for_the_next_run(dbsession):
    book = publication(dbsession, "b1", "Kirja")
    now = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)
    event(dbsession, "loan", book, HOME, now - dt.timedelta(seconds=10))
    assert refresh(dbsession, now=now).circulation_events == 0
    assert refresh(dbsession, now=now + dt.timedelta(minutes=2)).circulation_events == 1


def test_dimensions_municipalities_and_titles_add_up(dbsession):
    book = publication(dbsession, "b1", "Kirja", medium="ebook", language="fi", vendor="acme")
    audio = publication(dbsession, "a1", "Ljudbok", medium="audiobook", language="sv", vendor="other")
    for _ in range(3):
        event(dbsession, "loan", book, HOME, at(2025, 2))
    event(dbsession, "loan", audio, OTHER, at(2025, 2))
    event(dbsession, "hold", audio, OTHER, at(2025, 2))
    event(dbsession, "loan", audio, None, at(2025, 2))
    event(dbsession, "hold_ready", audio, OTHER, at(2025, 2))  # counted, not shown
    refresh(dbsession, settle=dt.timedelta(0))
    assert queries.by_dimension(dbsession, YEAR, "medium")["ebook"]["loan"] == 3
    assert queries.by_dimension(dbsession, YEAR, "medium")["audiobook"] == {
        **dict.fromkeys(queries.METRICS, 0),
        "loan": 2,
        "hold": 1,
    }
    assert queries.by_dimension(dbsession, YEAR, "language")["sv"]["loan"] == 2
    assert queries.by_dimension(dbsession, YEAR, "vendor_name")["acme"]["loan"] == 3
    municipalities = queries.by_municipality(dbsession, YEAR)
    assert list(municipalities) == [HOME, "-", OTHER]  # most loans first, then by code
    assert municipalities[OTHER]["loan"] == 1 and municipalities[OTHER]["hold"] == 1
    audio_only = queries.Selection(YEAR.period, medium="audiobook")
    assert HOME not in queries.by_municipality(dbsession, audio_only)
    top = queries.top_titles(dbsession, YEAR)
    assert [(t.title, t.loans) for t in top] == [("Kirja", 3), ("Ljudbok", 2)]
    assert [(t.title, t.loans) for t in queries.top_titles(dbsession, audio_only)] == [("Ljudbok", 2)]
    assert [t.title for t in queries.top_titles(dbsession, queries.Selection(YEAR.period, OTHER))] == ["Ljudbok"]


def test_a_patron_is_active_once_a_month(dbsession):
    join(dbsession, HOME)
    patron = add_patron(dbsession, HOME)
    assert recording.patron_active(dbsession, patron.id, HOME, at(2025, 5, 2))
    assert not recording.patron_active(dbsession, patron.id, HOME, at(2025, 5, 20))
    assert recording.patron_active(dbsession, patron.id, HOME, at(2025, 6, 1))
    recording.patron_registered(dbsession, HOME, at(2025, 5, 1))
    dbsession.flush()
    assert dbsession.scalar(select(func.count()).select_from(PatronEvent)) == 3
    refresh(dbsession, settle=dt.timedelta(0))
    months = queries.by_month(dbsession, queries.Selection(YEAR.period, HOME))
    assert (months["2025-05"]["patron_active"], months["2025-06"]["patron_active"]) == (1, 1)
    assert months["2025-05"]["patron_registered"] == 1
    assert queries.by_municipality(dbsession, YEAR)[HOME]["patron_active"] == 2
    national = dbsession.scalar(
        select(func.sum(MonthlyCount.count)).where(MonthlyCount.municipality_code == "*", MonthlyCount.medium == "*")
    )
    assert national == 3


def test_the_most_borrowed_from_monthly_leaders_equals_the_full_sum(dbsession):
    from ebiblio_portal.stats.queries import _leaders, _summed

    books = [publication(dbsession, f"t{n}", f"Title {n}") for n in range(8)]
    # Title 7 is never a month's leader but adds up over the months; the leaders' shortcut must not miss it.
    for month in range(1, 7):
        for n in range(6):
            for _ in range(3 if (n + month) % 6 == 0 else 1):
                event(dbsession, "loan", books[n], HOME, at(2025, month))
        for _ in range(2):
            event(dbsession, "loan", books[7], HOME, at(2025, month))
    refresh(dbsession, settle=dt.timedelta(0))
    for limit in (1, 2, 3):
        full = [tuple(row) for row in _summed(dbsession, YEAR, limit)]
        assert [(t.publication_id, t.loans) for t in queries.top_titles(dbsession, YEAR, limit=limit)] == full
        quick = _leaders(dbsession, YEAR, limit, depth=1)
        assert quick is None or [tuple(row) for row in quick] == full
    assert [t.title for t in queries.top_titles(dbsession, YEAR, limit=1)] == ["Title 7"]
