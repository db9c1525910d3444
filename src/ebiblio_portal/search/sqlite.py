"""The embedded search backend: an SQLite FTS5 table of the analysed tokens (one column, ``detail=none``).

The FTS5 rowid is the document's ``docid`` (popularity in the high bits, the work in the low 32),
so FTS5's own rowid order is "most popular first" and a page stops reading as soon as it is full.
"""

from __future__ import annotations

from sqlalchemy import text
from zope.interface import implementer

from ..interfaces import ISearchIndex
from .documents import filter_token
from .index import IndexBase, Match

WORK = "(rowid & 4294967295)"
AVAILABLE = filter_token("available", True)


def _column(session, statement, params):
    """The first column of every row, fetched by the driver at once.

    A search's first read returns thousands of ids; fetched row by row through SQLAlchemy's result they
    cost more than the full-text query itself.
    """
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        return [row[0] for row in cursor.execute(statement, params).fetchall()]
    finally:
        cursor.close()


def _expression(groups):
    return " AND ".join("(" + " OR ".join(f'"{token}"' for token in group) + ")" for group in groups)


@implementer(ISearchIndex)
class SQLiteSearchIndex(IndexBase):
    """``ISearchIndex`` on SQLite: the ``search_fts`` FTS5 table beside ``search_documents``."""

    def _clear(self, session):
        session.execute(text("DELETE FROM search_fts"))

    def _delete_text(self, session, work_ids):
        ids = ",".join(str(int(i)) for i in work_ids)
        session.execute(
            text(f"DELETE FROM search_fts WHERE rowid IN (SELECT docid FROM search_documents WHERE work_id IN ({ids}))")
        )

    def _write(self, session, found):
        if not found:
            return
        rows = [document.row() for document in found]
        names = list(rows[0])
        session.execute(
            text(f"INSERT INTO search_documents ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"),
            rows,
        )
        session.execute(
            text("INSERT INTO search_fts (rowid, terms) VALUES (:rowid, :terms)"),
            [{"rowid": row["docid"], "terms": " ".join(d.terms())} for row, d in zip(rows, found, strict=True)],
        )

    def _set_available(self, session, work_ids, flag):
        ids = ",".join(str(int(work_id)) for work_id in work_ids)
        changing = session.execute(
            text(
                f"SELECT d.docid, f.terms FROM search_documents AS d JOIN search_fts AS f ON f.rowid = d.docid "
                f"WHERE d.work_id IN ({ids}) AND d.available <> :flag"
            ),
            {"flag": flag},
        ).all()
        if not changing:
            return
        self._flip_available(session, work_ids, flag)
        rows = []
        for docid, terms in changing:
            kept = [term for term in terms.split() if term != AVAILABLE]
            rows.append({"docid": docid, "terms": " ".join([*kept, AVAILABLE] if flag else kept)})
        session.execute(text("UPDATE search_fts SET terms = :terms WHERE rowid = :docid"), rows)

    def _match(self, include, exclude, filters=()):
        expression = _expression(list(include) + list(filters))
        if exclude:
            expression = f"({expression}) NOT ({_expression(exclude)})"
        return Match(where="search_fts MATCH :match", params={"match": expression})

    def _count(self, session, match, cap):
        return session.scalar(
            text(f"SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE {match.where} LIMIT :cap)"),
            {**match.params, "cap": cap},
        )

    def _ids(self, session, match, offset, limit, at_most=None):
        return _column(
            session,
            f"SELECT {WORK} FROM search_fts WHERE {match.where} ORDER BY rowid LIMIT :limit OFFSET :offset",
            {**match.params, "limit": limit, "offset": offset},
        )

    def _sorted(self, session, match, ordering, offset, limit):
        # The full-text matches drive the join (CROSS JOIN keeps that order in SQLite).
        statement = (
            f"SELECT d.work_id FROM (SELECT rowid AS id FROM search_fts WHERE {match.where} "
            "ORDER BY rowid LIMIT :within) AS m "
            f"CROSS JOIN search_documents AS d ON d.docid = m.id ORDER BY {ordering} LIMIT :limit OFFSET :offset"
        )
        params = {**match.params, "within": self.sort_limit, "limit": limit, "offset": offset}
        return list(session.scalars(text(statement), params))

    def _first(self, session, match, limit, columns=False, tiers=None):
        return self._ids(session, match, 0, limit)
