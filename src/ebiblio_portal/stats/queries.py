"""Reading the statistics: monthly figures for a period, optionally one municipality and one medium."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import and_, case, func, or_, select

from ..models import Hold, License, MonthlyCount, MonthlyTitleLoans, Publication
from ..models.stats import ALL
from .recording import ACTIVE, REGISTERED

CIRCULATION_METRICS = ("loan", "return", "expiry", "hold")
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


def _circulation(selection):
    """Conditions for detailed circulation rows of the selection (one row per combination, no sums)."""
    conditions = [
        MonthlyCount.month >= selection.period.first,
        MonthlyCount.month <= selection.period.last,
        MonthlyCount.kind.in_(CIRCULATION_METRICS),
        MonthlyCount.vendor_name != ALL,
        MonthlyCount.municipality_code == (selection.municipality_code or ALL),
    ]
    if selection.medium:
        conditions.append(MonthlyCount.medium == selection.medium)
    return conditions


def _patrons(selection):
    return [
        MonthlyCount.month >= selection.period.first,
        MonthlyCount.month <= selection.period.last,
        MonthlyCount.kind.in_(PATRON_METRICS),
        MonthlyCount.vendor_name == ALL,
        MonthlyCount.medium == ALL,
        MonthlyCount.language == ALL,
        MonthlyCount.municipality_code == (selection.municipality_code or ALL),
    ]


def _table(rows):
    table = {}
    for key, kind, count in rows:
        table.setdefault(key, dict.fromkeys(METRICS, 0))[kind] += int(count)
    return table


def by_month(session, selection):
    """{month: {metric: count}} for every month of the period (zeros where nothing happened)."""
    total = func.sum(MonthlyCount.count)
    rows = session.execute(
        select(MonthlyCount.month, MonthlyCount.kind, total)
        .where(or_(and_(*_circulation(selection)), and_(*_patrons(selection))))
        .group_by(MonthlyCount.month, MonthlyCount.kind)
    ).all()
    found = _table(rows)
    return {month: found.get(month, dict.fromkeys(METRICS, 0)) for month in selection.period.months()}


def by_dimension(session, selection, dimension):
    """{value: {metric: count}} of circulation by ``medium``, ``language`` or ``vendor_name``, most loans first."""
    column = getattr(MonthlyCount, dimension)
    rows = session.execute(
        select(column, MonthlyCount.kind, func.sum(MonthlyCount.count))
        .where(*_circulation(selection))
        .group_by(column, MonthlyCount.kind)
    ).all()
    return _most_loans_first(_table(rows))


def by_municipality(session, selection):
    """{municipality code: {metric: count}}, nationally: the municipality-and-medium sums, most loans first."""
    period = [MonthlyCount.month >= selection.period.first, MonthlyCount.month <= selection.period.last]
    medium = MonthlyCount.medium == selection.medium if selection.medium else MonthlyCount.medium != ALL
    rows = session.execute(
        select(MonthlyCount.municipality_code, MonthlyCount.kind, func.sum(MonthlyCount.count))
        .where(
            *period,
            MonthlyCount.vendor_name == ALL,
            MonthlyCount.language == ALL,
            MonthlyCount.municipality_code != ALL,
            or_(
                and_(MonthlyCount.kind.in_(CIRCULATION_METRICS), medium),
                and_(MonthlyCount.kind.in_(PATRON_METRICS), MonthlyCount.medium == ALL),
            ),
        )
        .group_by(MonthlyCount.municipality_code, MonthlyCount.kind)
    ).all()
    return _most_loans_first(_table(rows))


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
    """The most borrowed publications of the selection."""
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
    if selection.medium:
        query = query.join(Publication, Publication.id == MonthlyTitleLoans.publication_id).where(
            Publication.medium == selection.medium
        )
    counted = session.execute(query.order_by(loans.desc(), MonthlyTitleLoans.publication_id).limit(limit)).all()
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

    Seats are the concurrency of usable licenses (available, not expired, checkouts left), as circulation counts.
    """
    now = now or dt.datetime.now(dt.UTC)
    holds = (
        select(Hold.publication_id, func.count().label("holds"))
        .where(Hold.status == "waiting")
        .group_by(Hold.publication_id)
        .subquery()
    )
    usable = and_(
        License.status == "available",
        or_(License.expires.is_(None), License.expires > now),
        or_(License.checkouts_left.is_(None), License.checkouts_left > 0),
    )
    seats = (
        select(License.publication_id, func.sum(func.coalesce(License.concurrency, 1)).label("seats"))
        .where(usable)
        .group_by(License.publication_id)
        .subquery()
    )
    seat_count = func.coalesce(seats.c.seats, 0)
    per_seat = holds.c.holds * 1.0 / case((seat_count > 0, seat_count), else_=1)
    query = (
        select(
            Publication.id, Publication.title, Publication.medium, Publication.vendor_name, holds.c.holds, seat_count
        )
        .join(holds, holds.c.publication_id == Publication.id)
        .outerjoin(seats, seats.c.publication_id == Publication.id)
        .order_by((seat_count == 0).desc(), per_seat.desc(), holds.c.holds.desc(), Publication.id)
    )
    if medium:
        query = query.where(Publication.medium == medium)
    if only_exceeding:
        query = query.where(holds.c.holds > seat_count)
    if limit:
        query = query.limit(limit)
    return [HoldRatio(row[0], row[1], row[2], row[3], int(row[4]), int(row[5])) for row in session.execute(query)]
