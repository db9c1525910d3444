"""Reading the statistics: monthly figures for a period, optionally one municipality and one medium."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, or_, select

from ..models import Hold, License, MonthlyCount, MonthlyTitleLoans, Publication
from ..models.stats import ALL
from .recording import ACTIVE, REGISTERED

CIRCULATION_METRICS = ("loan", "return", "expiry", "hold")
# Other kinds of circulation events (hold_ready, loan_cancelled, ...) are counted too, but not shown.
PATRON_METRICS = (REGISTERED, ACTIVE)
METRICS = CIRCULATION_METRICS + PATRON_METRICS
DIMENSIONS = ("medium", "language", "vendor_name")


@dataclasses.dataclass(frozen=True)
class Period:
    """From the first day of ``first`` to the end of ``last`` (both ``YYYY-MM``)."""

    first: str
    last: str

    def months(self):
        year, month = int(self.first[:4]), int(self.first[5:])
        found = []
        while f"{year:04d}-{month:02d}" <= self.last:
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


@dataclasses.dataclass(frozen=True)
class Selection:
    period: Period
    municipality_code: str | None = None
    medium: str | None = None


def _period(selection):
    return [MonthlyCount.month >= selection.period.first, MonthlyCount.month <= selection.period.last]


def _place(selection):
    return MonthlyCount.municipality_code == (selection.municipality_code or ALL)


def _totals(medium=None):
    """The pre-summed grains: every kind in total, or circulation by ``medium``."""
    if medium is None:
        return [MonthlyCount.vendor_name == ALL, MonthlyCount.medium == ALL, MonthlyCount.language == ALL]
    return [MonthlyCount.vendor_name == ALL, MonthlyCount.medium == medium, MonthlyCount.language == ALL]


def _table(rows):
    table = {}
    for key, kind, count in rows:
        table.setdefault(key, dict.fromkeys(METRICS, 0))[kind] += int(count)
    return table


def _by(session, key, conditions):
    total = func.sum(MonthlyCount.count)
    # Only the kinds shown: hold_ready, loan_cancelled and the like are counted but not on the pages.
    query = select(key, MonthlyCount.kind, total).where(*conditions, MonthlyCount.kind.in_(METRICS))
    return _table(session.execute(query.group_by(key, MonthlyCount.kind)))


def _circulation_and_patrons(session, key, selection, place):
    """Every metric grouped by ``key``: circulation of the chosen medium, patrons of every medium.

    One statement either way: with a medium, its by-medium rows and the patron kinds' total rows (patron
    events have only the total grain, so the by-medium rows hold no patron kinds).
    """
    if selection.medium is None:
        return _by(session, key, [*_period(selection), place, *_totals()])
    # The IN keeps both grains index ranges (an OR alone made SQLite read every medium's rows).
    grains = [
        MonthlyCount.medium.in_((selection.medium, ALL)),
        or_(MonthlyCount.medium == selection.medium, MonthlyCount.kind.in_(PATRON_METRICS)),
    ]
    conditions = [*_period(selection), place, MonthlyCount.vendor_name == ALL, MonthlyCount.language == ALL, *grains]
    return _by(session, key, conditions)


def by_month(session, selection):
    """{month: {metric: count}} for every month of the period (zeros where nothing happened)."""
    found = _circulation_and_patrons(session, MonthlyCount.month, selection, _place(selection))
    return {month: found.get(month, dict.fromkeys(METRICS, 0)) for month in selection.period.months()}


def by_dimension(session, selection, dimension):
    """{value: {metric: count}} of circulation by ``medium``, ``language`` or ``vendor_name``, most loans first."""
    if dimension == "medium":
        medium = MonthlyCount.medium == selection.medium if selection.medium else MonthlyCount.medium != ALL
        conditions = [MonthlyCount.vendor_name == ALL, MonthlyCount.language == ALL, medium]
    else:
        conditions = [MonthlyCount.vendor_name != ALL]
        if selection.medium:
            conditions.append(MonthlyCount.medium == selection.medium)
    key = getattr(MonthlyCount, dimension)
    return _most_loans_first(_by(session, key, [*_period(selection), _place(selection), *conditions]))


def by_municipality(session, selection):
    """{municipality code: {metric: count}}, nationally, most loans first."""
    place = MonthlyCount.municipality_code != ALL
    return _most_loans_first(_circulation_and_patrons(session, MonthlyCount.municipality_code, selection, place))


def _most_loans_first(table):
    return dict(sorted(table.items(), key=lambda item: (-item[1]["loan"], str(item[0]))))


@dataclasses.dataclass(frozen=True)
class TitleCount:
    publication_id: int
    title: str
    medium: str
    vendor_name: str
    loans: int


def top_titles(session, selection, limit=20):
    """The most borrowed publications of the selection.

    With a medium the monthly leaders would each need the publications joined and every title of the month
    read (the index orders all media together): one grouped statement over the period is cheaper.
    """
    counted = None if selection.medium else _leaders(session, selection, limit)
    if counted is None:
        counted = _summed(session, selection, limit)
    publications = {
        p.id: p
        for p in session.execute(
            select(Publication.id, Publication.title, Publication.medium, Publication.vendor_name).where(
                Publication.id.in_([row.publication_id for row in counted])
            )
        )
    }
    found = []
    for row in counted:
        publication = publications.get(row.publication_id)
        title, medium, vendor = (
            (publication.title, publication.medium, publication.vendor_name)
            if publication
            else (
                "?",
                "",
                "",
            )
        )
        found.append(TitleCount(row.publication_id, title, medium, vendor, int(row.loans)))
    return found


def _summed(session, selection, limit, only=None):
    """The most borrowed by summing every title's months (exact; reads a row per title and month)."""
    loans = func.sum(MonthlyTitleLoans.count).label("loans")
    query = (
        select(MonthlyTitleLoans.publication_id, loans)
        .where(
            MonthlyTitleLoans.municipality_code == (selection.municipality_code or ALL),
            MonthlyTitleLoans.month >= selection.period.first,
            MonthlyTitleLoans.month <= selection.period.last,
        )
        .group_by(MonthlyTitleLoans.publication_id)
    )
    if only is not None:
        query = query.where(MonthlyTitleLoans.publication_id.in_(sorted(only)))
    if selection.medium:
        query = query.join(Publication, Publication.id == MonthlyTitleLoans.publication_id).where(
            Publication.medium == selection.medium
        )
    return session.execute(query.order_by(loans.desc(), MonthlyTitleLoans.publication_id).limit(limit)).all()


def _leaders(session, selection, limit, depth=3):
    """The same answer from each month's leaders only, or None when that cannot be proven exact.

    A title outside a month's ``depth * limit`` leaders had at most the last leader's loans that month, so
    outside every month's leaders it has at most the sum of those (``bound``); when the ``limit``-th
    candidate has more, no other title can reach the list.
    """
    place = MonthlyTitleLoans.municipality_code == (selection.municipality_code or ALL)
    candidates, bound = set(), 0
    for month in selection.period.months():
        query = select(MonthlyTitleLoans.publication_id, MonthlyTitleLoans.count).where(
            place, MonthlyTitleLoans.month == month
        )
        if selection.medium:
            query = query.join(Publication, Publication.id == MonthlyTitleLoans.publication_id).where(
                Publication.medium == selection.medium
            )
        rows = session.execute(query.order_by(MonthlyTitleLoans.count.desc()).limit(depth * limit)).all()
        candidates.update(row.publication_id for row in rows)
        if len(rows) == depth * limit:
            bound += rows[-1].count
    if not candidates:
        return []
    counted = _summed(session, selection, limit, only=candidates)
    if bound == 0 or (len(counted) == limit and counted[-1].loans > bound):
        return counted
    return None


@dataclasses.dataclass(frozen=True)
class HoldRatio:
    publication_id: int
    title: str
    medium: str
    vendor_name: str
    holds: int
    seats: int

    @property
    def ratio(self):
        """Holds per seat; a title without seats counts its holds as if it had one (it sorts first anyway)."""
        return self.holds / max(self.seats, 1)


def hold_ratios(session, now=None, medium=None, only_exceeding=False, limit=None):
    """Titles with waiting holds, most holds per seat first: the purchase suggestions when ``only_exceeding``.

    Seats are the concurrency of usable licenses (available, not expired, checkouts left), as circulation
    counts them; titles without a usable seat come first. Read as two grouped queries and ordered here:
    only titles with waiting holds are visited.
    """
    now = now or dt.datetime.now(dt.UTC)
    waiting = select(Hold.publication_id, func.count()).where(Hold.status == "waiting")
    if medium:
        waiting = waiting.join(Publication, Publication.id == Hold.publication_id).where(Publication.medium == medium)
    holds = dict(session.execute(waiting.group_by(Hold.publication_id)).all())
    if not holds:
        return []
    queued = select(Hold.publication_id).where(Hold.status == "waiting").distinct()
    seats = dict(
        session.execute(
            select(License.publication_id, func.sum(func.coalesce(License.concurrency, 1)))
            .where(
                License.publication_id.in_(queued),
                License.status == "available",
                or_(License.expires.is_(None), License.expires > now),
                or_(License.checkouts_left.is_(None), License.checkouts_left > 0),
            )
            .group_by(License.publication_id)
        ).all()
    )
    found = [(pid, int(count), int(seats.get(pid) or 0)) for pid, count in holds.items()]
    if only_exceeding:
        found = [row for row in found if row[1] > row[2]]
    found.sort(key=lambda row: (row[2] > 0, -row[1] / max(row[2], 1), -row[1], row[0]))
    if limit:
        found = found[:limit]
    titles = {}
    ids = [row[0] for row in found]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(Publication.id, Publication.title, Publication.medium, Publication.vendor_name)
        titles.update({row[0]: row for row in session.execute(query.where(Publication.id.in_(chunk)))})
    return [
        HoldRatio(pid, titles[pid][1], titles[pid][2], titles[pid][3], count, seat_count)
        for pid, count, seat_count in found
        if pid in titles
    ]
