"""Statistics hold no personal data and stay the same after a patron deletes their account."""

import datetime as dt

from sqlalchemy import inspect

from ebiblio_portal.accounts import erasure
from ebiblio_portal.models import CirculationEvent, MonthlyCount, MonthlyTitleLoans, PatronEvent
from ebiblio_portal.stats import queries, recording
from ebiblio_portal.stats.refresh import refresh

from ..common.staff import HOME, add_patron, join
from .helpers import at, event, publication

YEAR = queries.Selection(queries.Period("2025-01", "2025-12"))


def _figures(session):
    return (
        queries.by_month(session, YEAR),
        queries.by_municipality(session, YEAR),
        queries.by_month(session, queries.Selection(YEAR.period, HOME)),
        [(t.title, t.loans) for t in queries.top_titles(session, YEAR)],
    )


def test_no_statistics_table_has_a_column_that_could_name_a_patron():
    for model in (CirculationEvent, PatronEvent, MonthlyCount, MonthlyTitleLoans):
        columns = {column.key for column in inspect(model).columns}
        assert not {c for c in columns if "patron" in c or ("name" in c and c != "vendor_name")}, model


def test_figures_stay_the_same_after_a_patron_deletes_their_account(dbsession):
    join(dbsession, HOME)
    book = publication(dbsession, "b1", "Kirja")
    leaving, staying = add_patron(dbsession, HOME), add_patron(dbsession, HOME)
    for patron in (leaving, staying):
        recording.patron_registered(dbsession, HOME, at(2025, 2, 1))
        recording.patron_active(dbsession, patron.id, HOME, at(2025, 2, 3))
        event(dbsession, "loan", book, HOME, at(2025, 2, 3))
    event(dbsession, "return", book, HOME, at(2025, 2, 10))
    refresh(dbsession, settle=dt.timedelta(0))
    before = _figures(dbsession)
    assert before[0]["2025-02"]["patron_active"] == 2 and before[0]["2025-02"]["loan"] == 2

    # A loan the leaving patron made just before deleting, not yet counted, is still counted afterwards.
    recording.patron_active(dbsession, leaving.id, HOME, at(2025, 3, 1))
    event(dbsession, "loan", book, HOME, at(2025, 3, 1))
    erasure.erase(dbsession, leaving)
    dbsession.flush()
    refresh(dbsession, settle=dt.timedelta(0))
    after = _figures(dbsession)
    assert after[0]["2025-03"]["loan"] == 1 and after[0]["2025-03"]["patron_active"] == 1
    for month in ("2025-01", "2025-02"):
        assert after[0][month] == before[0][month]
    assert after[2]["2025-02"] == before[2]["2025-02"]
    assert after[1][HOME]["patron_registered"] == 2 and after[1][HOME]["loan"] == 3
    # Refreshing again after the deletion changes nothing.
    refresh(dbsession, settle=dt.timedelta(0))
    assert _figures(dbsession) == after
