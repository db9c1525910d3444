"""Counting new events into the monthly tables, from a high-water mark: safe to run often and in parallel.

Each run reads the events after the mark (by id) and adds them to ``stats_monthly`` and
``stats_title_loans`` in one transaction with the moved mark, so an event is counted exactly once.
Events younger than ``settle`` are left for the next run: on PostgreSQL a lower id may still be in a
transaction that has not committed, and counting past it would skip it for ever.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import time

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..models import CirculationEvent, MonthlyCount, MonthlyTitleLoans, PatronEvent, StatsMark
from ..models.stats import ALL
from .recording import month_of

SETTLE = dt.timedelta(minutes=1)
CHUNK = 50_000
WRITE_CHUNK = 10_000
UNKNOWN_MUNICIPALITY = "-"


@dataclasses.dataclass
class RefreshReport:
    circulation_events: int = 0
    patron_events: int = 0
    seconds: float = 0.0


def refresh(session, now=None, settle=SETTLE):
    """Count the events not yet counted; the caller commits. Returns a ``RefreshReport``."""
    started = time.monotonic()
    now = now or dt.datetime.now(dt.UTC)
    report = RefreshReport()
    counts, titles = collections.Counter(), collections.Counter()
    report.circulation_events = _read(session, CirculationEvent, now - settle, counts, titles)
    report.patron_events = _read(session, PatronEvent, now - settle, counts, titles)
    _add(session, MonthlyCount, ("municipality_code", "month", "kind", "vendor_name", "medium", "language"), counts)
    _add(session, MonthlyTitleLoans, ("municipality_code", "month", "publication_id"), titles)
    session.flush()
    report.seconds = time.monotonic() - started
    return report


def _mark(session, name):
    """The table's mark, locked for this transaction so parallel runs count each event once."""
    if session.get_bind().dialect.name == "sqlite":
        # Writing first takes SQLite's write lock now, before anything is read.
        session.execute(update(StatsMark).where(StatsMark.name == name).values(last_id=StatsMark.last_id))
    mark = session.scalar(select(StatsMark).where(StatsMark.name == name).with_for_update())
    if mark is None:
        _insert_ignore(session, StatsMark, [{"name": name, "last_id": 0}], ("name",))
        mark = session.scalar(select(StatsMark).where(StatsMark.name == name).with_for_update())
    return mark


def _read(session, model, settled, counts, titles):
    mark = _mark(session, model.__tablename__)
    last = session.scalar(select(func.max(model.id)).where(model.id > mark.last_id, model.at <= settled))
    if last is None:
        return 0
    read, after = 0, mark.last_id
    is_circulation = model is CirculationEvent
    while after < last:
        upto = min(after + CHUNK, last)
        if is_circulation:
            columns = (model.at, model.kind, model.municipality_code, model.vendor_name, model.medium, model.language)
            columns += (model.publication_id,)
        else:
            columns = (model.at, model.kind, model.municipality_code)
        rows = session.execute(select(*columns).where(model.id > after, model.id <= upto)).all()
        for row in rows:
            _count(row, is_circulation, counts, titles)
        read += len(rows)
        after = upto
    mark.last_id = last
    return read


_months = {}


def _month(at):
    # Events cluster in time: the month of each hour is worked out once.
    hour = at.replace(minute=0, second=0, microsecond=0)
    month = _months.get(hour)
    if month is None:
        month = _months[hour] = month_of(hour)
    return month


def _count(row, is_circulation, counts, titles):
    """Add one event to every grain the pages read (see ``MonthlyCount``)."""
    month = _month(row.at)
    municipality = row.municipality_code or UNKNOWN_MUNICIPALITY
    for place in (municipality, ALL):
        counts[(place, month, row.kind, ALL, ALL, ALL)] += 1
        if is_circulation:
            counts[(place, month, row.kind, ALL, row.medium, ALL)] += 1
            counts[(place, month, row.kind, row.vendor_name, row.medium, row.language)] += 1
            if row.kind == "loan" and row.publication_id is not None:
                titles[(place, month, row.publication_id)] += 1


def _add(session, model, key, counter):
    """Add ``counter`` to the table's counts: one upsert statement, executed for many rows at a time."""
    if not counter:
        return
    insert = _insert_for(session)(model)
    statement = insert.on_conflict_do_update(
        index_elements=list(key), set_={"count": model.count + insert.excluded["count"]}
    )
    rows = [dict(zip(key, values, strict=True), count=count) for values, count in counter.items()]
    for start in range(0, len(rows), WRITE_CHUNK):
        session.execute(statement, rows[start : start + WRITE_CHUNK])


def _insert_ignore(session, model, rows, key):
    statement = _insert_for(session)(model).values(rows).on_conflict_do_nothing(index_elements=list(key))
    session.execute(statement)


def _insert_for(session):
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
