"""Search documents: one per work, read from the catalogue tables the sync fills.

A work's document gathers every live offer of it (title, people, series, subjects, publisher,
ISBN), analysed into surface words and their forms, with facet values as tokens for fast
filtering and as columns for counting and sorting.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from sqlalchemy import bindparam, func, or_, select

from ..models import License, Loan, Publication, PublicationContributor, PublicationSubject, Vendor
from ..values import Medium, Origin
from . import analysis
from .collation import sort_key

MEDIUM_BITS = {Medium.EBOOK.value: 1, Medium.AUDIOBOOK.value: 2, Medium.MAGAZINE.value: 4}
ORIGIN_BITS = {Origin.DOMESTIC.value: 1, Origin.FOREIGN.value: 2}
TEXT_COLUMNS = ("title", "title_forms", "people", "series", "subjects", "other")
COLUMNS = (*TEXT_COLUMNS, "folded", "filters")
# Each field group's words are indexed again under a prefix of their own, so a relevance tier is one
# lookup of its own posting list rather than a filter over every work that has the word anywhere.
FIELD_GROUPS = (
    ("ti_", ("title",)),
    ("tf_", ("title_forms",)),
    ("pe_", ("people",)),
    ("ot_", ("series", "subjects", "other")),
)
FOLDED = "fo_"
# Loans that hold a seat of their license.
SEATED = ("pending", "active")
SLUG = re.compile(r"[^a-z0-9]+")
CHUNK = 500
WORK_BITS = 32
MAX_POPULARITY = 2**20 - 1


def docid(popularity, work_id):
    """The document's place in index order: more popular first, then by work (the low 32 bits)."""
    return ((MAX_POPULARITY - min(max(popularity, 0), MAX_POPULARITY)) << WORK_BITS) | work_id


@dataclasses.dataclass
class Document:
    work_id: int
    publication_id: int
    media: int
    origins: int
    language: str
    audience: str
    year: int | None
    published: dt.date | None
    available: bool
    popularity: int
    sort_key: str
    tokens: dict  # column name → list of tokens
    vocabulary: set

    def row(self):
        return {
            "work_id": self.work_id,
            "docid": docid(self.popularity, self.work_id),
            "publication_id": self.publication_id,
            "media": self.media,
            "origins": self.origins,
            "language": self.language,
            "audience": self.audience,
            "year": self.year,
            "published": self.published,
            "available": self.available,
            "popularity": self.popularity,
            "sort_key": self.sort_key,
        }

    def terms(self):
        """Every token of the document: plain words and forms, the same under each field group's prefix,
        the diacritic-folded variants ("fo_") and the facet tokens."""
        plain, terms = {}, []
        for prefix, names in FIELD_GROUPS:
            group = dict.fromkeys(token for name in names for token in self.tokens[name])
            terms.extend(prefix + token for token in group)
            plain.update(group)
        terms.extend(plain)
        terms.extend(FOLDED + token for token in self.tokens["folded"])
        terms.extend(self.tokens["filters"])
        return terms


def subject_token(subject):
    """The filter token of a subject heading: folded, lower case, words joined by '_'."""
    return "s_" + SLUG.sub("_", analysis.fold(analysis.normalise(subject))).strip("_")[:80]


def year_token(year):
    return f"y_{year}"


def filter_token(facet, value):
    """The token a facet value is indexed (and filtered) under."""
    if facet == "subject":
        return subject_token(value)
    if facet == "year":
        return year_token(value)
    if facet == "available":
        return "av_yes"
    prefix = {"medium": "m_", "language": "l_", "audience": "a_", "origin": "og_"}[facet]
    return prefix + SLUG.sub("_", str(value).casefold())


def build(session, work_ids, now=None, leave_out=()):
    """The documents of ``work_ids``; works without a live offer get none (they leave the index)."""
    now = now or dt.datetime.now(dt.UTC)
    documents = []
    work_ids = list(work_ids)
    for start in range(0, len(work_ids), CHUNK):
        documents.extend(_build_chunk(session, work_ids[start : start + CHUNK], now, set(leave_out)))
    return documents


def _build_chunk(session, work_ids, now, leave_out):
    publications = [
        p
        for p in session.execute(
            select(
                Publication.id,
                Publication.work_id,
                Publication.vendor_name,
                Publication.medium,
                Publication.title,
                Publication.subtitle,
                Publication.language,
                Publication.series,
                Publication.periodical_title,
                Publication.publisher,
                Publication.published,
                Publication.issue_date,
                Publication.audience,
                Publication.isbn,
                Publication.simultaneous_use,
                Publication.popularity,
            )
            .where(Publication.work_id.in_(work_ids), Publication.withdrawn.is_(False))
            .order_by(Publication.id)
        )
        if p.id not in leave_out
    ]
    if not publications:
        return []
    ids = [p.id for p in publications]
    people, subjects = {}, {}
    for row in session.execute(
        select(PublicationContributor.publication_id, PublicationContributor.name)
        .where(PublicationContributor.publication_id.in_(ids))
        .order_by(PublicationContributor.publication_id, PublicationContributor.position)
    ):
        people.setdefault(row.publication_id, []).append(row.name)
    for row in session.execute(
        select(PublicationSubject.publication_id, PublicationSubject.subject).where(
            PublicationSubject.publication_id.in_(ids)
        )
    ):
        subjects.setdefault(row.publication_id, []).append(row.subject)
    available = available_now(session, ids, now)
    origins = dict(session.execute(select(Vendor.name, Vendor.origin)).all())
    by_work = {}
    for publication in publications:
        by_work.setdefault(publication.work_id, []).append(publication)
    return [_document(work_id, offers, people, subjects, available, origins) for work_id, offers in by_work.items()]


# Built once: the sync runs it per batch and circulation whenever a title's last seat is taken or freed.
LENDING_NOW = select(License.publication_id).where(
    License.publication_id.in_(bindparam("publication_ids", expanding=True)),
    License.status == "available",
    or_(License.expires.is_(None), License.expires > bindparam("now")),
    or_(License.checkouts_left.is_(None), License.checkouts_left > 0),
    or_(
        License.concurrency.is_(None),
        License.concurrency
        > select(func.count())
        .where(Loan.license_id == License.id, Loan.status.in_(SEATED))
        .correlate(License)
        .scalar_subquery(),
    ),
)
SIMULTANEOUS = select(Publication.id).where(
    Publication.id.in_(bindparam("publication_ids", expanding=True)), Publication.simultaneous_use.is_(True)
)


def lending_now(session, publication_ids, now):
    """The publications with a license that lends this moment: usable, and a seat free."""
    return set(session.scalars(LENDING_NOW, {"publication_ids": list(publication_ids), "now": now}))


def available_now(session, publication_ids, now):
    """The publications a patron could borrow this moment: a license with a free seat, or simultaneous use."""
    found = lending_now(session, publication_ids, now)
    found.update(session.scalars(SIMULTANEOUS, {"publication_ids": list(publication_ids)}))
    return found


def _document(work_id, offers, people, subjects, available, origins):
    first = offers[0]
    language = first.language
    columns = {name: [] for name in COLUMNS}
    vocabulary = set()

    def add(text, surface_column, forms_column):
        surface, forms = analysis.analyse_field(text, language)
        columns[surface_column].extend(surface)
        columns[forms_column].extend(forms)
        vocabulary.update(word for word in surface if len(word) > 2 and not word.isdigit())

    media = origin_bits = popularity = 0
    published = None
    filters = {filter_token("language", language), filter_token("audience", first.audience)}
    for offer in offers:
        add(" ".join(filter(None, (offer.title, offer.subtitle))), "title", "title_forms")
        add(" ".join(people.get(offer.id, ())), "people", "people")
        add(" ".join(filter(None, (offer.series, offer.periodical_title))), "series", "series")
        add(" ".join(subjects.get(offer.id, ())), "subjects", "subjects")
        columns["other"].extend(analysis.words(" ".join(filter(None, (offer.publisher, offer.isbn)))))
        media |= MEDIUM_BITS.get(offer.medium, 0)
        origin = origins.get(offer.vendor_name, Origin.DOMESTIC.value)
        origin_bits |= ORIGIN_BITS.get(origin, 0)
        popularity += offer.popularity or 0
        date = offer.published or offer.issue_date
        if date and (published is None or date > published):
            published = date
        filters.add(filter_token("medium", offer.medium))
        filters.add(filter_token("origin", origin))
        filters.update(subject_token(subject) for subject in subjects.get(offer.id, ()))
    is_available = any(offer.id in available for offer in offers)
    if is_available:
        filters.add(filter_token("available", True))
    if published:
        filters.add(year_token(published.year))
    for name in TEXT_COLUMNS:
        columns[name] = list(dict.fromkeys(columns[name]))
    columns["folded"] = analysis.folded(
        token for name in ("title", "title_forms", "people", "series", "subjects") for token in columns[name]
    )
    columns["filters"] = sorted(filters)
    return Document(
        work_id=work_id,
        publication_id=first.id,
        media=media,
        origins=origin_bits,
        language=language,
        audience=first.audience,
        year=published.year if published else None,
        published=published,
        available=is_available,
        popularity=popularity,
        sort_key=sort_key(first.title),
        tokens=columns,
        vocabulary=vocabulary,
    )
