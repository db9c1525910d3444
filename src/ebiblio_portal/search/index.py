"""What both search backends share: keeping documents up to date, the search flow, facets and suggestions.

A backend (``sqlite.py``, ``postgres.py``) says how to store a document's tokens and how to find
the works that match; everything else is here. Bounds keep every query fast on a large catalogue:
the index keeps works in popularity order, so relevance (title matches first, then other forms,
people, anything) and popularity read only the page they show; the total is counted exactly up to
``count_limit`` works; facets are counted exactly up to ``facet_sample`` works (beyond that they are
estimated from the most popular matches and flagged); title and date sorts order the ``sort_limit``
most popular matches (flagged when there are more); pages stop at ``max_page``.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import math

from sqlalchemy import bindparam, delete, insert, select, text, update

from ..models import Publication, SearchDocument, SearchTerm
from ..values import FacetCount, SearchResult, SearchSort
from . import analysis, documents
from .documents import MEDIUM_BITS, ORIGIN_BITS

MAX_WORDS = 12
SUBJECT_FACETS = 12
YEAR_FACETS = 12
REBUILD_CHUNK = 2000
# Every facet's counts over one sample of matches, in one statement (for a backend whose first matches come
# as ids; SQLite joins the subjects left to right after CROSS JOIN, so the sample drives the join).
FACET_COUNTS = (
    "WITH sample AS MATERIALIZED (SELECT publication_id, media, origins, language, audience, year, available "
    "FROM search_documents WHERE work_id IN ({sample})) "
    "SELECT 'n' AS facet, '' AS value, count(*) AS n FROM sample "
    "UNION ALL SELECT 'media', CAST(media AS TEXT), count(*) FROM sample GROUP BY media "
    "UNION ALL SELECT 'origins', CAST(origins AS TEXT), count(*) FROM sample GROUP BY origins "
    "UNION ALL SELECT 'language', language, count(*) FROM sample GROUP BY language "
    "UNION ALL SELECT 'audience', audience, count(*) FROM sample GROUP BY audience "
    "UNION ALL SELECT 'year', CAST(year AS TEXT), count(*) FROM sample WHERE year IS NOT NULL GROUP BY year "
    "UNION ALL SELECT 'available', 'yes', count(*) FROM sample WHERE available "
    "UNION ALL SELECT * FROM (SELECT 'subject', s.subject, count(*) AS n FROM sample "
    "CROSS JOIN publication_subjects AS s ON s.publication_id = sample.publication_id "
    f"GROUP BY s.subject ORDER BY n DESC, s.subject LIMIT {SUBJECT_FACETS}) AS top_subjects"
)
# A backend whose first matches come with their facet columns counts them here and reads only the sample's
# subjects, by key (PostgreSQL planned the join above as a hash join over every subject).
FACET_SUBJECTS = (
    "SELECT subject, count(*) AS n FROM publication_subjects WHERE publication_id IN ({publications}) "
    f'GROUP BY subject ORDER BY n DESC, subject COLLATE "C" LIMIT {SUBJECT_FACETS}'
)
# What a backend whose ``_first`` reads heap rows returns with each match (``IndexBase.first_columns``).
FIRST_COLUMNS = "work_id, publication_id, media, origins, language, audience, year, available, published, sort_key"


# The live offers of the works of some publications (``update_availability``).
OFFERS_OF_THE_SAME_WORKS = select(Publication.id, Publication.work_id, Publication.simultaneous_use).where(
    Publication.work_id.in_(
        select(Publication.work_id).where(Publication.id.in_(bindparam("publication_ids", expanding=True)))
    ),
    Publication.withdrawn.is_(False),
)

FLIP_AVAILABLE = (
    update(SearchDocument)
    .where(
        SearchDocument.work_id.in_(bindparam("work_ids", expanding=True)),
        SearchDocument.available != bindparam("b_flag"),
    )
    .values(available=bindparam("b_flag"))
    .execution_options(synchronize_session=False)
)


@dataclasses.dataclass(frozen=True)
class Match:
    """A backend's compiled query: what to match (``where``) and its bound parameters."""

    where: str
    params: dict


class IndexBase:
    """The shared half of ``ISearchIndex``; subclasses implement the ``_``-prefixed storage hooks."""

    def __init__(self, count_limit=5_000, facet_sample=1_000, sort_limit=5_000, max_page=250):
        self.count_limit = count_limit
        self.facet_sample = facet_sample
        self.sort_limit = sort_limit
        self.max_page = max_page

    # -- keeping the index up to date --------------------------------------------------------

    def update(self, session, publication_ids):
        self._reindex_works(session, _work_ids(session, publication_ids))

    def update_availability(self, session, publication_ids, now=None):
        """Re-read only "available now" of the works of ``publication_ids`` (a loan started or ended).

        The rest of each document stays as it was (popularity included, until the next full update), so this
        costs a few small statements instead of re-analysing the works' text.
        """
        publication_ids = list(publication_ids)
        if not publication_ids:
            return
        offers = session.execute(OFFERS_OF_THE_SAME_WORKS, {"publication_ids": publication_ids}).all()
        lending = documents.lending_now(session, [offer.id for offer in offers], now or dt.datetime.now(dt.UTC))
        flags = {}
        for offer in offers:
            flags[offer.work_id] = bool(flags.get(offer.work_id) or offer.simultaneous_use or offer.id in lending)
        for flag in (True, False):
            works = [work_id for work_id, available in flags.items() if available is flag]
            if works:
                self._set_available(session, works, flag)

    def _flip_available(self, session, work_ids, flag):
        """The column, through the ORM: the write is then seen by a transaction manager the session is joined to."""
        session.execute(FLIP_AVAILABLE, {"work_ids": list(work_ids), "b_flag": flag})

    def remove(self, session, publication_ids):
        publication_ids = list(publication_ids)
        self._reindex_works(session, _work_ids(session, publication_ids), leave_out=publication_ids)

    def rebuild(self, session, progress=None):
        self._clear(session)
        session.execute(delete(SearchDocument))
        session.execute(delete(SearchTerm))
        vocabulary = collections.Counter()
        last = 0
        while True:
            work_ids = list(
                session.scalars(
                    select(Publication.work_id)
                    .where(Publication.work_id > last, Publication.withdrawn.is_(False))
                    .group_by(Publication.work_id)
                    .order_by(Publication.work_id)
                    .limit(REBUILD_CHUNK)
                )
            )
            if not work_ids:
                break
            last = work_ids[-1]
            found = documents.build(session, work_ids)
            self._write(session, found)
            for document in found:
                vocabulary.update(document.vocabulary)
            if progress is not None:
                progress(len(found))
        rows = [{"term": term[:60], "frequency": count} for term, count in vocabulary.items()]
        for start in range(0, len(rows), 5000):
            session.execute(insert(SearchTerm), rows[start : start + 5000])

    def _reindex_works(self, session, work_ids, leave_out=()):
        if not work_ids:
            return
        found = documents.build(session, work_ids, leave_out=leave_out)
        self._delete(session, work_ids)
        self._write(session, found)
        vocabulary = collections.Counter()
        for document in found:
            vocabulary.update(document.vocabulary)
        if vocabulary:
            # Frequencies only grow between rebuilds: a suggestion may remember a word a little longer.
            session.execute(
                text(
                    "INSERT INTO search_terms (term, frequency) VALUES (:term, :frequency) "
                    "ON CONFLICT (term) DO UPDATE SET frequency = search_terms.frequency + excluded.frequency"
                ),
                [{"term": term[:60], "frequency": count} for term, count in vocabulary.items()],
            )

    def _delete(self, session, work_ids):
        for start in range(0, len(work_ids), 500):
            chunk = work_ids[start : start + 500]
            self._delete_text(session, chunk)
            session.execute(delete(SearchDocument).where(SearchDocument.work_id.in_(chunk)))

    # -- searching ------------------------------------------------------------------------------

    def search(self, session, query):
        words = analysis.words(query.text)[:MAX_WORDS]
        if not words:
            return SearchResult(publication_ids=(), total=0, searched_for="")
        result = self._search(session, query, words, folded=False)
        if result.total:
            return result
        folded = self._search(session, query, words, folded=True)
        if folded.total:
            return dataclasses.replace(folded, folded=True)
        corrected = suggest(session, words)
        if corrected and corrected != words:
            found = self._search(session, query, corrected, folded=False)
            if found.total:
                return dataclasses.replace(found, suggestion=" ".join(corrected))
        return result

    def _search(self, session, query, words, folded):
        tiers, anything = relevance_tiers(words, folded)
        filters = filter_groups(query)
        everything = self._match(anything, None, filters)
        searched_for = " ".join(words)
        # One bounded read gives the total and the facet sample: the first matches in index order.
        # A backend that can return the facet and sort columns with the first matches is spared reading them
        # again; they are asked for only when the facets or the sort need them.
        columns = self.first_columns and (query.with_facets or query.sort in (SearchSort.NEWEST, SearchSort.TITLE))
        # A backend that can tell each of the first matches' relevance tier in the same read spares the tiers'
        # own reads wherever those first matches already answer them (see ``Prefix``).
        tier_terms = None
        # Worth it where the tiers' reads are dear: with facets (each intersects the facets' long posting lists
        # again) or past the first page (each counts the tiers before it).
        if self.tiers_in_first and query.sort == SearchSort.RELEVANCE and (filters or query.page > 1):
            tier_terms = [self._match(include, exclude) for include, exclude in tiers]
        first = self._first(session, everything, self.count_limit + 1, columns=columns, tiers=tier_terms)
        prefix = None
        if tier_terms is not None:
            prefix = Prefix([(row[0], row[-2], row[-1]) for row in first], exhaustive=len(first) <= self.count_limit)
        rows = first if columns else None
        if columns or tier_terms is not None:
            first = [row[0] for row in first]
        total = len(first)
        if not total:
            return SearchResult(publication_ids=(), total=0, searched_for=searched_for)
        counted = total
        total_exact = total <= self.count_limit
        total = min(total, self.count_limit)
        reachable, ordered_within = total, None
        if query.sort in (SearchSort.NEWEST, SearchSort.TITLE) and counted > self.sort_limit:
            reachable = ordered_within = self.sort_limit
        last_page = max(1, min(self.max_page, math.ceil(reachable / query.per_page)))
        page = min(max(query.page, 1), last_page)
        offset, limit = (page - 1) * query.per_page, query.per_page
        if query.sort == SearchSort.RELEVANCE:
            work_ids = self._tiered(session, tiers, filters, offset, limit, counted, prefix)
        elif query.sort == SearchSort.POPULAR:
            work_ids = self._ids(session, everything, offset, limit, counted)
        elif rows is not None and (total_exact or len(rows) >= self.sort_limit):
            # The first matches already read are the ones the sort orders: no second read.
            work_ids = sorted_rows(rows[: self.sort_limit], query.sort)[offset : offset + limit]
        else:
            work_ids = self._sorted(session, everything, order_by(query.sort, self.postgres), offset, limit)
        facets, facets_exact = {}, True
        if query.with_facets:
            sample = rows[: self.facet_sample] if rows is not None else None
            facets, facets_exact = self._facets(session, first[: self.facet_sample], total, total_exact, sample)
        return SearchResult(
            publication_ids=tuple(_offers(session, work_ids, query)),
            total=total,
            total_exact=total_exact,
            facets=facets,
            facets_exact=facets_exact,
            page=page,
            last_page=last_page,
            searched_for=searched_for,
            ordered_within=ordered_within,
        )

    def _tiered(self, session, tiers, filters, offset, limit, at_most=None, prefix=None):
        """Relevance: works matching in the title first, then in its other forms, then people, then anywhere.

        Inside a tier the index order (most popular first) holds, so a page reads only what it shows
        plus bounded counts of the tiers before it; what the first matches (``prefix``) already tell is not read.
        """
        found, remaining = [], offset
        for number, (include, exclude) in enumerate(tiers):
            match = self._match(include, exclude, filters)
            if remaining:
                skipped = prefix.count(number, remaining) if prefix is not None else None
                if skipped is None:
                    skipped = self._count(session, match, remaining)
                if skipped < remaining:
                    remaining -= skipped
                    continue
            wanted = limit - len(found)
            ids = self._known_ids(prefix, number, remaining, wanted) if prefix is not None else None
            if ids is None:
                ids = self._ids(session, match, remaining, wanted, at_most)
            found.extend(ids)
            remaining = 0
            if len(found) >= limit:
                break
        return found

    def _facets(self, session, sample, total, total_exact, rows=None):
        # The most popular matches stand for all of them when there are more than the sample.
        counts = collections.defaultdict(collections.Counter)
        if rows is None:
            seen = _count_facets_in_sql(session, sample, counts)
        else:
            seen = _count_facets_of_rows(session, rows, counts)
        exact = total_exact and seen >= total
        scale = 1 if exact or not seen else total / seen
        facets = {}
        for facet, counter in counts.items():
            values = counter.most_common()
            if facet == "year":
                values = sorted(values, key=lambda item: item[0], reverse=True)[:YEAR_FACETS]
            facets[facet] = tuple(FacetCount(value, max(1, round(count * scale))) for value, count in values)
        return facets, exact

    # -- storage and query hooks of a backend ----------------------------------------------------

    postgres = False
    # True when ``_first`` returns rows of ``FIRST_COLUMNS`` rather than work ids.
    first_columns = False
    # True when ``_first`` can add each match's docid and relevance tier (``tiers``) to its rows.
    tiers_in_first = False

    def _clear(self, session):
        raise NotImplementedError

    def _delete_text(self, session, work_ids):
        raise NotImplementedError

    def _write(self, session, found):
        raise NotImplementedError

    def _match(self, include, exclude, filters=()):
        """A ``Match`` of works with a token of every group in ``include`` and ``filters`` but not of
        every group in ``exclude``.

        A group is a list of tokens, any of which will do (OR); groups are all needed (AND).
        """
        raise NotImplementedError

    def _count(self, session, match, cap):
        """How many works match, counting no further than ``cap``."""
        raise NotImplementedError

    def _ids(self, session, match, offset, limit, at_most=None):
        """Matching work ids in index order (most popular first); ``at_most`` bounds how many match."""
        raise NotImplementedError

    def _sorted(self, session, match, ordering, offset, limit):
        """Matching work ids in ``ordering``, among the ``sort_limit`` first in index order."""
        raise NotImplementedError

    def _first(self, session, match, limit, columns=False, tiers=None):
        """The work ids of the first ``limit`` matches in index order (most popular first); rows of
        ``FIRST_COLUMNS`` instead when ``columns`` (only asked of a backend with ``first_columns``).

        With ``tiers`` (``Match``es, only asked of a backend with ``tiers_in_first``) every row ends with the
        match's docid and the number of the first tier it matches (-1 for none).
        """
        raise NotImplementedError

    def _known_ids(self, prefix, tier, offset, limit):
        """What ``_ids`` would answer for a tier, from the first matches alone; None when they cannot tell."""
        return None


class Prefix:
    """The first matches of a query in index order, each with its docid and relevance tier.

    Every match of a tier up to the last of these rows is among them, so the first ``n`` matches of a
    tier, and its count up to ``n``, are known when the rows hold ``n`` of the tier, or hold every match.
    """

    def __init__(self, rows, exhaustive):
        self.exhaustive = exhaustive
        self.tiers = collections.defaultdict(list)
        for work_id, docid, tier in rows:
            self.tiers[tier].append((work_id, docid))

    def count(self, tier, cap):
        """The tier's matches counted up to ``cap``, or None when these rows cannot tell."""
        known = len(self.tiers.get(tier, ()))
        return min(known, cap) if self.exhaustive or known >= cap else None

    def known(self, tier, wanted):
        """The tier's matches among these rows (work id, docid), when they hold its first ``wanted``; else None."""
        known = self.tiers.get(tier, [])
        return known if self.exhaustive or len(known) >= wanted else None


def relevance_tiers(words, folded):
    """The relevance tiers of a query as (include, exclude) token groups, and the groups that match anything.

    Tier k holds works whose every word is in the first k field groups but not every word in the first
    k - 1. For one word that is exactly "in group k and not before", which reads only group k's list.
    """
    if folded:
        anything = [[documents.FOLDED + form for form in analysis.folded_query_forms(word)] for word in words]
        return [(anything, None)], anything
    forms = [analysis.query_forms(word) for word in words]

    def groups(prefixes):
        return [[prefix + form for prefix in prefixes for form in word_forms] for word_forms in forms]

    prefixes = [prefix for prefix, _names in documents.FIELD_GROUPS]
    tiers = [(groups(prefixes[:1]), None)]
    for k in range(2, len(prefixes) + 1):
        include = groups(prefixes[k - 1 : k]) if len(words) == 1 else groups(prefixes[:k])
        tiers.append((include, groups(prefixes[: k - 1])))
    return tiers, [list(word_forms) for word_forms in forms]


def filter_groups(query):
    """The facet filters of ``query`` as groups of tokens: OR inside a group, AND between groups."""
    groups = []
    for facet, values in (
        ("medium", query.media),
        ("language", query.languages),
        ("audience", query.audiences),
        ("origin", query.origins),
        ("subject", query.subjects),
    ):
        if values:
            groups.append(sorted({documents.filter_token(facet, value) for value in values}))
    if query.available:
        groups.append([documents.filter_token("available", True)])
    if query.years:
        first, last = query.years
        groups.append([documents.year_token(year) for year in range(first, last + 1)])
    return groups


def order_by(sort, postgres=False):
    """The ORDER BY of a non-relevance sort over ``search_documents d``."""
    collate = ' COLLATE "C"' if postgres else ""
    return {
        SearchSort.NEWEST: "d.published IS NULL, d.published DESC, d.work_id DESC",
        SearchSort.TITLE: f"d.sort_key{collate}, d.work_id",
        SearchSort.POPULAR: "d.popularity DESC, d.work_id",
    }[sort]


def _count_facets_in_sql(session, sample, counts):
    sample_list = ",".join(str(int(work_id)) for work_id in sample)
    seen = 0
    for facet, value, count in session.execute(text(FACET_COUNTS.format(sample=sample_list))):
        if facet == "n":
            seen = count
        elif facet == "media":
            for name, bit in MEDIUM_BITS.items():
                if int(value) & bit:
                    counts["medium"][name] += count
        elif facet == "origins":
            for name, bit in ORIGIN_BITS.items():
                if int(value) & bit:
                    counts["origin"][name] += count
        elif count:
            counts[facet][value] += count
    return seen


def _count_facets_of_rows(session, rows, counts):
    """Facet counts of ``FIRST_COLUMNS`` rows; the subjects are read by the rows' publications."""
    for _work, _publication, media, origins, language, audience, year, available, *_rest in rows:
        for name, bit in MEDIUM_BITS.items():
            if media & bit:
                counts["medium"][name] += 1
        for name, bit in ORIGIN_BITS.items():
            if origins & bit:
                counts["origin"][name] += 1
        counts["language"][language] += 1
        counts["audience"][audience] += 1
        if year is not None:
            counts["year"][str(year)] += 1
        if available:
            counts["available"]["yes"] += 1
    if rows:
        publications = ",".join(str(int(row[1])) for row in rows)
        counts["subject"].update(dict(session.execute(text(FACET_SUBJECTS.format(publications=publications))).all()))
    return len(rows)


def sorted_rows(rows, sort):
    """The work ids of ``FIRST_COLUMNS`` rows in a non-relevance ``sort``, as ``order_by`` orders them.

    Python compares strings by code point, which is the byte order of UTF-8: what ``COLLATE "C"`` does.
    """
    if sort == SearchSort.NEWEST:
        ordered = sorted(rows, key=lambda row: (row[8] is None, -(row[8].toordinal() if row[8] else 0), -row[0]))
    elif sort == SearchSort.TITLE:
        ordered = sorted(rows, key=lambda row: (row[9], row[0]))
    else:
        raise ValueError(sort)
    return [row[0] for row in ordered]


def _work_ids(session, publication_ids):
    publication_ids = list(publication_ids)
    found = set()
    for start in range(0, len(publication_ids), 500):
        chunk = publication_ids[start : start + 500]
        found.update(session.scalars(select(Publication.work_id).where(Publication.id.in_(chunk))))
    return sorted(found)


def _offers(session, work_ids, query):
    """One publication per work, in the order of ``work_ids``: the first offer that fits the filters."""
    if not work_ids:
        return []
    best = {}
    for row in session.execute(
        select(Publication.id, Publication.work_id, Publication.medium, Publication.language)
        .where(Publication.work_id.in_(work_ids), Publication.withdrawn.is_(False))
        .order_by(Publication.id)
    ):
        fits = (not query.media or row.medium in query.media) and (
            not query.languages or row.language in query.languages
        )
        if row.work_id not in best or (fits and not best[row.work_id][1]):
            best[row.work_id] = (row.id, fits)
    return [best[work_id][0] for work_id in work_ids if work_id in best]


def suggest(session, words):
    """The words with each unknown one replaced by the most frequent known word one or two edits away."""
    known = set(session.scalars(select(SearchTerm.term).where(SearchTerm.term.in_(words))))
    corrected = []
    for word in words:
        if word in known or len(word) < 3 or word.isdigit():
            corrected.append(word)
            continue
        limit = 1 if len(word) <= 5 else 2
        candidates = session.execute(
            select(SearchTerm.term, SearchTerm.frequency)
            .where(SearchTerm.term >= word[0], SearchTerm.term < word[0] + "\uffff")
            .where(text("length(term) BETWEEN :short AND :long").bindparams(short=len(word) - 2, long=len(word) + 2))
            .order_by(SearchTerm.frequency.desc())
            .limit(200)
        )
        best = None
        for term, frequency in candidates:
            distance = edit_distance(analysis.fold(word), analysis.fold(term))
            if term != word and analysis.fold(term) == analysis.fold(word):
                distance = 0.5  # only diacritics differ
            if distance <= limit and (best is None or (distance, -frequency) < best[:2]):
                best = (distance, -frequency, term)
        corrected.append(best[2] if best else word)
    return corrected


def edit_distance(a, b):
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
