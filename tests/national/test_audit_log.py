"""The audit log: append-only in the database itself, and its view's filters and pages."""

import datetime as dt

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from ebiblio_portal.models import AuditEntry

from ..common.staff import log_in_as

AT = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def _entry(dbsession, **fields):
    entry = AuditEntry(**{"actor": "staff:someone", "action": "thing.done", "address": "192.0.2.1", "at": AT, **fields})
    dbsession.add(entry)
    dbsession.flush()
    return entry


@pytest.mark.parametrize(
    "statement",
    [
        lambda entry: update(AuditEntry).where(AuditEntry.id == entry.id).values(actor="staff:somebody-else"),
        lambda entry: delete(AuditEntry).where(AuditEntry.id == entry.id),
        lambda entry: delete(AuditEntry),
    ],
)
def test_the_database_refuses_to_change_or_remove_entries(dbsession, statement):
    entry = _entry(dbsession)
    with pytest.raises(DBAPIError, match="append-only"), dbsession.begin_nested():
        dbsession.execute(statement(entry))
    assert dbsession.scalar(select(AuditEntry.actor).where(AuditEntry.id == entry.id)) == "staff:someone"


def test_postgresql_refuses_truncate(dbsession):
    if dbsession.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    _entry(dbsession)
    with pytest.raises(DBAPIError, match="append-only"), dbsession.begin_nested():
        dbsession.execute(text("TRUNCATE audit_log"))


def test_the_log_view_filters_and_pages(testapp, cast, dbsession):
    for number in range(60):
        _entry(dbsession, action="fees.rate", target=f"fee_rate:{2000 + number}", at=AT + dt.timedelta(minutes=number))
    _entry(dbsession, actor="staff:other_admin", action="municipality.membership", target="municipality:091")
    _entry(dbsession, action="thing.done", at=dt.datetime(2025, 12, 31, 22, 30, tzinfo=dt.UTC))  # 1.1.2026 in Finland
    log_in_as(testapp, cast, "national_admin")

    first = testapp.get("/hallinta/loki", {"action": "fees.rate", "lang": "en"})
    assert "Entries: 60, page 1 of 2" in first.text
    assert "fee_rate:2059" in first.text and "fee_rate:2009" not in first.text  # newest first
    second = testapp.get(first.html.find("a", rel="next")["href"])
    assert "fee_rate:2009" in second.text and "fee_rate:2059" not in second.text
    assert "page 2 of 2" in second.text

    by_actor = testapp.get("/hallinta/loki", {"actor": "other_admin", "lang": "en"})
    assert "Entries: 1," in by_actor.text and "municipality:091" in by_actor.text
    by_target = testapp.get("/hallinta/loki", {"target": "fee_rate:2033", "lang": "en"})
    assert "Entries: 1," in by_target.text
    new_year = testapp.get("/hallinta/loki", {"since": "2026-01-01", "until": "1.1.2026", "lang": "en"})
    assert "Entries: 1," in new_year.text and "thing.done" in new_year.text
    assert "Entries: 0," in testapp.get("/hallinta/loki", {"until": "2025-12-31", "lang": "en"}).text


def test_bad_filters_are_explained_not_crashed_on(testapp, cast):
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get("/hallinta/loki", {"since": "yesterday", "page": "x" * 50, "lang": "en"}, status=400)
    assert "Write the date as day.month.year" in page.html.find(id="since-error").text
    assert testapp.get("/hallinta/loki", {"page": "99999"}).status_int == 200
