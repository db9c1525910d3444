"""Browsing the collection: by subject, series, author and periodical, paged, in the reader's alphabet."""

from __future__ import annotations

import dataclasses
import threading
import time
import unicodedata

from sqlalchemy import and_, func, or_, select

from ..models import Publication, PublicationContributor, PublicationSubject
from ..values import Medium
from .titles import series_key, visible

PER_PAGE = 24
NAMES_PER_PAGE = 100
MAX_PAGE = 500
# Finnish and Swedish put Å, Ä and Ö after Z; the index letters follow the Nordic alphabet in every language.
LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ")
OTHER = "other"
NORDIC_LAST = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}


def collation_key(text, language):
    """Sort text the reader's way: å, ä, ö after z in Finnish and Swedish, accents ignored elsewhere."""
    folded = text.casefold()
    out = []
    for char in folded:
        if language in ("fi", "sv") and char in NORDIC_LAST:
            out.append(NORDIC_LAST[char])
        else:
            out.append(unicodedata.normalize("NFD", char)[0])
    return ("".join(out), folded)


class TTLCache:
    """Remembers slow aggregates (subject counts, periodicals) for a while; every process keeps its own."""

    def __init__(self, seconds=300):
        self.seconds = seconds
        self._items = {}
        self._lock = threading.Lock()

    def get(self, key, compute):
        now = time.monotonic()
        found = self._items.get(key)
        if found and found[0] > now:
            return found[1]
        value = compute()
        with self._lock:
            self._items[key] = (now + self.seconds, value)
        return value


@dataclasses.dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))


def clamp_page(page, total, per_page):
    return min(max(page, 1), max(1, -(-total // per_page)), MAX_PAGE)


def letter_condition(column, letter):
    """Names starting with ``letter`` (a range, so the column's index serves it), or with none of LETTERS."""
    if letter != OTHER:
        return and_(column >= letter, column < chr(ord(letter) + 1))
    return or_(
        column < "A",
        and_(column >= "[", column < "Ä"),
        and_(column >= "Æ", column < "Ö"),
        column >= "×",
    )


def works_page(session, ids_statement, page, per_page=None):
    """A page of publications, one per work, from a statement selecting ``Publication`` rows' ids and works."""
    per_page = per_page or PER_PAGE
    grouped = ids_statement.group_by(Publication.work_id).subquery()
    total = session.scalar(select(func.count()).select_from(grouped))
    page = clamp_page(page, total, per_page)
    ids = list(
        session.scalars(
            select(grouped.c.id)
            .order_by(grouped.c.sort_title, grouped.c.id)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    return Page(load(session, ids), total, page, per_page)


def load(session, ids):
    by_id = {p.id: p for p in session.scalars(select(Publication).where(Publication.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id]


def _one_per_work():
    return select(func.min(Publication.id).label("id"), func.min(Publication.sort_title).label("sort_title")).where(
        visible()
    )


def by_subject(session, subject, page):
    statement = _one_per_work().where(
        Publication.id.in_(select(PublicationSubject.publication_id).where(PublicationSubject.subject == subject))
    )
    return works_page(session, statement, page)


def by_contributor(session, name, page):
    statement = _one_per_work().where(
        Publication.id.in_(select(PublicationContributor.publication_id).where(PublicationContributor.name == name))
    )
    return works_page(session, statement, page)


def by_series(session, series, page, per_page=None):
    """A series in reading order (series number), one publication per work."""
    per_page = per_page or PER_PAGE
    rows = session.execute(
        select(Publication.id, Publication.work_id, Publication.series_number, Publication.sort_title).where(
            Publication.series == series, visible()
        )
    ).all()
    rows.sort(key=lambda row: (series_key(row.series_number, row.sort_title), row.id))
    ids, seen = [], set()
    for row in rows:
        if row.work_id not in seen:
            seen.add(row.work_id)
            ids.append(row.id)
    page = clamp_page(page, len(ids), per_page)
    return Page(load(session, ids[(page - 1) * per_page : page * per_page]), len(ids), page, per_page)


def subjects(session, cache, language):
    """Every subject with how many publications it has, in the reader's alphabetical order."""

    def compute():
        rows = session.execute(
            select(PublicationSubject.subject, func.count())
            .join(Publication, Publication.id == PublicationSubject.publication_id)
            .where(visible())
            .group_by(PublicationSubject.subject)
        ).all()
        return [(subject, count) for subject, count in rows]

    counted = cache.get("subjects", compute)
    return cache.get(("subjects", language), lambda: sorted(counted, key=lambda row: collation_key(row[0], language)))


def popular_subjects(session, cache, language, limit=30):
    counted = subjects(session, cache, language)
    top = sorted(counted, key=lambda row: -row[1])[:limit]
    return sorted(top, key=lambda row: collation_key(row[0], language))


def names_by_letter(session, column, where, letter, language, page, per_page=NAMES_PER_PAGE):
    """Distinct names in ``column`` starting with ``letter``, in the reader's order, one page of them."""
    statement = select(column).where(letter_condition(column, letter), *where).distinct()
    names = sorted(session.scalars(statement), key=lambda name: collation_key(name, language))
    page = clamp_page(page, len(names), per_page)
    return Page(names[(page - 1) * per_page : page * per_page], len(names), page, per_page)


def series_names(session, letter, language, page):
    return names_by_letter(
        session, Publication.series, [Publication.series.is_not(None), visible()], letter, language, page
    )


def contributor_names(session, letter, language, page):
    return names_by_letter(session, PublicationContributor.name, [], letter, language, page)


@dataclasses.dataclass(frozen=True)
class Periodical:
    key: str
    title: str
    latest: object
    issues: int


def periodicals(session, cache, language):
    """Every magazine with its newest issue date and number of issues, by title."""

    def compute():
        rows = session.execute(
            select(
                Publication.periodical_key,
                func.max(Publication.periodical_title),
                func.max(Publication.issue_date),
                func.count(),
            )
            .where(Publication.medium == Medium.MAGAZINE, Publication.periodical_key.is_not(None), visible())
            .group_by(Publication.periodical_key)
        ).all()
        return [Periodical(key, title or key, latest, count) for key, title, latest, count in rows]

    return cache.get(
        ("periodicals", language),
        lambda: sorted(cache.get("periodicals", compute), key=lambda p: collation_key(p.title, language)),
    )


def issues(session, periodical_key, page, per_page=None):
    """The issues of one magazine, newest first."""
    per_page = per_page or PER_PAGE
    where = (
        Publication.periodical_key == periodical_key,
        Publication.medium == Medium.MAGAZINE,
        visible(),
    )
    total = session.scalar(select(func.count()).select_from(Publication).where(*where))
    page = clamp_page(page, total, per_page)
    found = session.scalars(
        select(Publication)
        .where(*where)
        .order_by(Publication.issue_date.desc().nulls_last(), Publication.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page(list(found), total, page, per_page)


def newest(session, where, offset, limit, dated_total):
    """Publications newest first, undated ones last, read in two parts that the (medium, published) index serves.

    ``ORDER BY published DESC NULLS LAST`` in one statement makes PostgreSQL sort every matching row (its
    index runs NULLS FIRST backwards), so the dated ones are read first and the undated ones after them.
    """
    found = []
    if offset < dated_total:
        found = session.scalars(
            select(Publication)
            .where(*where, Publication.published.is_not(None))
            .order_by(Publication.published.desc(), Publication.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
    if len(found) < limit:
        found = list(found) + list(
            session.scalars(
                select(Publication)
                .where(*where, Publication.published.is_(None))
                .order_by(Publication.id.desc())
                .offset(max(0, offset - dated_total))
                .limit(limit - len(found))
            )
        )
    return list(found)


def newest_filters(medium=None, language=None, audience=None):
    where = [visible()]
    if medium:
        where.append(Publication.medium == medium)
    if language:
        where.append(Publication.language == language)
    if audience:
        where.append(Publication.audience == audience)
    return where


def dated_count(session, cache, where, key):
    return cache.get(
        ("dated",) + key,
        lambda: session.scalar(
            select(func.count()).select_from(Publication).where(*where, Publication.published.is_not(None))
        ),
    )


def newest_page(session, cache, page, medium=None, language=None, audience=None, per_page=None):
    """Publications newest first, filtered; the totals are counted once per few minutes."""
    per_page = per_page or PER_PAGE
    where = newest_filters(medium, language, audience)
    key = (medium, language, audience)
    total = cache.get(
        ("newest",) + key, lambda: session.scalar(select(func.count()).select_from(Publication).where(*where))
    )
    page = clamp_page(page, total, per_page)
    found = newest(session, where, (page - 1) * per_page, per_page, dated_count(session, cache, where, key))
    return Page(found, total, page, per_page)


def popular_page(session, cache, page, per_page=None, most=240):
    """The most borrowed of the last 30 days (the newest while nothing has been borrowed)."""
    per_page = per_page or PER_PAGE
    from .lanes import popular

    ids = cache.get(("popular", most), lambda: [p.id for p in popular(session, most)])
    page = clamp_page(page, len(ids), per_page)
    return Page(load(session, ids[(page - 1) * per_page : page * per_page]), len(ids), page, per_page)
