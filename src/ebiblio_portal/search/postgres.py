"""The PostgreSQL search backend: a tsvector column with a GIN index.

The document vector holds the portal's own analysed tokens verbatim (plain, under each field group's
prefix, diacritic-folded, and the facet tokens) and the lexemes of the built-in Finnish, Swedish or
English text search configuration of the record's language. The query is built from the same
analysis. The table is clustered in ``docid`` order (most popular first) after a rebuild, so a
bounded scan finds the most popular matches first; rows written since then go to the end of the
table until the next ``ebiblio reindex`` and may rank a little lower than their popularity says.
"""

from __future__ import annotations

from sqlalchemy import text
from zope.interface import implementer

from ..interfaces import ISearchIndex
from .documents import filter_token
from .index import FIRST_COLUMNS, IndexBase, Match

CONFIGURATIONS = {"fi": "finnish", "sv": "swedish", "en": "english"}
# Rows read beyond the page, so that rows added since the last CLUSTER still find their place.
WINDOW_MARGIN = 200
INSERT = """
INSERT INTO search_documents
  (work_id, docid, publication_id, media, origins, language, audience, year, published, available, popularity,
   sort_key, document)
VALUES
  (:work_id, :docid, :publication_id, :media, :origins, :language, :audience, :year, :published, :available,
   :popularity, :sort_key,
   array_to_tsvector(CAST(:terms AS text[])) || strip(to_tsvector(CAST(:configuration AS regconfig), :plain)))
"""
AVAILABLE = filter_token("available", True)
# The facet token follows the column, in documents whose availability changes.
SET_AVAILABLE_ADD = (
    "UPDATE search_documents SET document = document || array_to_tsvector(ARRAY[CAST(:token AS text)]) "
    "WHERE work_id = ANY(:work_ids) AND NOT available"
)
SET_AVAILABLE_DELETE = (
    "UPDATE search_documents SET document = ts_delete(document, CAST(:token AS text)) "
    "WHERE work_id = ANY(:work_ids) AND available"
)


def _expression(groups):
    return " & ".join(
        "(" + " | ".join("'" + token.replace("'", "''") + "'" for token in group) + ")" for group in groups
    )


@implementer(ISearchIndex)
class PostgresSearchIndex(IndexBase):
    """``ISearchIndex`` on PostgreSQL: the ``document`` tsvector of ``search_documents``.

    Its bounds are tighter than SQLite's: every counted match is a heap row here, where FTS5 counts
    in its posting lists.
    """

    def __init__(self, count_limit=500, facet_sample=500, sort_limit=500, max_page=25):
        super().__init__(count_limit=count_limit, facet_sample=facet_sample, sort_limit=sort_limit, max_page=max_page)

    postgres = True
    # The first matches come with their facet and sort columns: their heap rows are read anyway.
    first_columns = True
    tiers_in_first = True

    def _clear(self, session):
        return None  # the vectors live in search_documents, which the rebuild empties

    def _delete_text(self, session, work_ids):
        return None

    def _write(self, session, found):
        if not found:
            return
        rows = []
        for document in found:
            row = document.row()
            row["terms"] = document.terms()
            row["configuration"] = CONFIGURATIONS.get(document.language, "simple")
            row["plain"] = " ".join(document.tokens["title"] + document.tokens["people"])
            rows.append(row)
        session.execute(text(INSERT), rows)

    def _set_available(self, session, work_ids, flag):
        # The token first: the column still tells which documents change.
        session.execute(
            text(SET_AVAILABLE_ADD if flag else SET_AVAILABLE_DELETE), {"work_ids": work_ids, "token": AVAILABLE}
        )
        self._flip_available(session, work_ids, flag)

    def _match(self, include, exclude, filters=()):
        terms = _expression(include)
        if exclude:
            terms = f"({terms}) & !({_expression(exclude)})"
        if filters:
            # One tsquery: the GIN index intersects the words' and the facets' posting lists at once.
            terms = f"({terms}) & {_expression(filters)}"
        return Match(where="document @@ CAST(:terms AS tsquery)", params={"terms": terms})

    def _count(self, session, match, cap):
        return session.scalar(
            text(f"SELECT count(*) FROM (SELECT 1 FROM search_documents WHERE {match.where} LIMIT :cap) AS hits"),
            {**match.params, "cap": cap},
        )

    def _ids(self, session, match, offset, limit, at_most=None):
        # The table is kept in docid order (CLUSTER after a rebuild), so the first rows any scan finds
        # are the most popular: read just enough of them, then put those few in exact order.
        statement = (
            f"WITH m AS MATERIALIZED (SELECT work_id, docid FROM search_documents WHERE {match.where} "
            "LIMIT :window) SELECT work_id FROM m ORDER BY docid LIMIT :limit OFFSET :offset"
        )
        params = {**match.params, "limit": limit, "offset": offset, "window": offset + limit + WINDOW_MARGIN}
        return list(session.scalars(text(statement), params))

    def rebuild(self, session, progress=None):
        super().rebuild(session, progress=progress)
        session.execute(text("CLUSTER search_documents USING uq_search_documents_docid"))

    def _sorted(self, session, match, ordering, offset, limit):
        statement = (
            "WITH d AS MATERIALIZED (SELECT work_id, published, sort_key, popularity, docid FROM search_documents "
            f"WHERE {match.where} LIMIT :within) "
            f"SELECT d.work_id FROM d ORDER BY {ordering} LIMIT :limit OFFSET :offset"
        )
        params = {**match.params, "within": self.sort_limit, "limit": limit, "offset": offset}
        return list(session.scalars(text(statement), params))

    def _first(self, session, match, limit, columns=False, tiers=None):
        # Physical order is docid order, so the first rows found are the most popular ones.
        selected = FIRST_COLUMNS if columns else "work_id"
        params = {**match.params, "limit": limit}
        if tiers is not None:
            # Each row's tier, checked on the row already read: cheaper than a read of the index per tier.
            cases = " ".join(f"WHEN document @@ CAST(:tier{n} AS tsquery) THEN {n}" for n in range(len(tiers)))
            selected += f", docid, CASE {cases} ELSE -1 END"
            params.update({f"tier{n}": tier.params["terms"] for n, tier in enumerate(tiers)})
        statement = f"SELECT {selected} FROM search_documents WHERE {match.where} LIMIT :limit"
        result = session.execute(text(statement), params)
        return result.all() if columns or tiers is not None else list(result.scalars())

    def _known_ids(self, prefix, tier, offset, limit):
        # As ``_ids``: the tier's first rows in table order, put in docid order. In a table in docid order
        # (after ``ebiblio reindex``) the page is the same as ``_ids`` gives; rows written since then may
        # place differently, as they may in ``_ids``.
        found = prefix.known(tier, offset + limit)
        if found is None:
            return None
        return [work_id for work_id, _docid in sorted(found, key=lambda row: row[1])[offset : offset + limit]]
