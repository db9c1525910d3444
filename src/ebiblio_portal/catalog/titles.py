"""What the title page shows: the work's offers, its series neighbours, more by the same author."""

from __future__ import annotations

import dataclasses
import math

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from ..models import Publication, PublicationContributor
from ..values import ContributorRole

MORE = 12
AUTHOR_SAMPLE = 48
# A series longer than this is cut for the neighbours and the "same series" lane.
SERIES_READ = 1000


def visible():
    return Publication.withdrawn.is_(False)


def series_key(number, title=""):
    """Order by the series number as a number where it is one ("2" before "10"), else as text."""
    try:
        value = float((number or "").replace(",", "."))
    except ValueError:
        value = math.inf
    if math.isnan(value):
        value = math.inf
    return (value, (number or "").casefold(), title)


def one_per_work(publications, exclude_work=None):
    seen, kept = {exclude_work}, []
    for publication in publications:
        if publication.work_id not in seen:
            seen.add(publication.work_id)
            kept.append(publication)
    return kept


@dataclasses.dataclass
class SeriesPlace:
    previous: Publication | None
    next: Publication | None
    members: list


def offers_of(session, publication_id):
    """(the publication, every format of its work still offered, it first); (None, []) when it is not offered.

    The title page's first statement: the work's offers include the publication, so it is not read twice.
    """
    work = select(Publication.work_id).where(Publication.id == publication_id).scalar_subquery()
    found = session.scalars(select(Publication).where(Publication.work_id == work, visible())).all()
    publication = next((p for p in found if p.id == publication_id), None)
    return publication, (_this_first(found, publication_id) if publication is not None else [])


def _this_first(found, publication_id):
    return sorted(found, key=lambda p: (p.id != publication_id, p.medium, p.language, p.vendor_name, p.id))


def series_place(session, publication):
    """The publication's neighbours in its series (by series number) and the series, one per work."""
    if not publication.series:
        return SeriesPlace(None, None, [])
    rows = session.execute(
        select(Publication.id, Publication.work_id, Publication.series_number, Publication.sort_title)
        .where(Publication.series == publication.series, visible())
        .limit(SERIES_READ)
    ).all()
    rows.sort(key=lambda row: (series_key(row.series_number, row.sort_title), row.work_id != publication.work_id))
    ordered, seen = [], set()
    for row in rows:
        if row.work_id not in seen:
            seen.add(row.work_id)
            ordered.append(row)
    ids = [row.id for row in ordered]
    here = next((i for i, row in enumerate(ordered) if row.work_id == publication.work_id), None)
    wanted = set(ids[:MORE])
    if here is not None:
        wanted |= {ids[i] for i in (here - 1, here + 1) if 0 <= i < len(ids)}
    by_id = {p.id: p for p in cards(session, list(wanted))}
    previous = by_id.get(ids[here - 1]) if here is not None and here > 0 else None
    following = by_id.get(ids[here + 1]) if here is not None and here + 1 < len(ids) else None
    members = [by_id[i] for i in ids[:MORE] if i in by_id and by_id[i].work_id != publication.work_id]
    return SeriesPlace(previous, following, members)


def authors_of(publication):
    return [c.name for c in publication.contributors if c.role == ContributorRole.AUTHOR]


def more_by_author(session, publication, limit=MORE):
    """Other works by the publication's first author, newest first, from a bounded sample of their titles.

    A prolific author has thousands of offers; reading a few dozen keeps the title page fast, and the
    author's own page (behind "Show all") lists every one.
    """
    authors = authors_of(publication)
    if not authors:
        return []
    sample = (
        select(PublicationContributor.publication_id)
        .where(PublicationContributor.name == authors[0], PublicationContributor.role == ContributorRole.AUTHOR)
        .limit(AUTHOR_SAMPLE)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Publication.id, Publication.work_id)
        .where(Publication.id.in_(sample), Publication.work_id != publication.work_id, visible())
        .order_by(Publication.published.desc().nulls_last(), Publication.id.desc())
    ).all()
    ids, seen = [], set()
    for row in rows:
        if row.work_id not in seen and len(ids) < limit:
            seen.add(row.work_id)
            ids.append(row.id)
    return cards(session, ids)


def cards(session, ids):
    """Publications for cards, in the order of ``ids``; cards show no licenses, so none are read."""
    if not ids:
        return []
    statement = select(Publication).where(Publication.id.in_(ids)).options(lazyload(Publication.licenses))
    by_id = {p.id: p for p in session.scalars(statement)}
    return [by_id[i] for i in ids if i in by_id]


def format_duration(seconds, locale):
    """An audiobook's length as hours and minutes in the reader's language, e.g. "8 t 5 min"."""
    from babel.units import format_unit

    if not seconds or seconds <= 0:
        return ""
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(format_unit(hours, "duration-hour", length="short", locale=locale))
    if minutes or not hours:
        parts.append(format_unit(minutes, "duration-minute", length="short", locale=locale))
    return " ".join(parts)


def format_wait(wait, locale):
    """An estimated wait, rounded up the way people say it: days, then weeks, then months."""
    from babel.units import format_unit

    days = math.ceil(wait.total_seconds() / 86400)
    if days < 14:
        return format_unit(max(days, 1), "duration-day", length="long", locale=locale)
    if days < 26 * 7:
        return format_unit(math.ceil(days / 7), "duration-week", length="long", locale=locale)
    return format_unit(math.ceil(days / 30), "duration-month", length="long", locale=locale)
