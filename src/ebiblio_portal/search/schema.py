"""The parts of the search schema that only one database has, kept out of autogenerate's drift check.

SQLite keeps the full text in an FTS5 virtual table (``search_fts`` and the shadow tables FTS5 makes
for it); PostgreSQL in the tsvector column ``search_documents.document`` with a GIN index. Both are created
by migration 0003; the models describe only what both databases share.
"""

from __future__ import annotations

FTS_TABLE = "search_fts"
POSTGRES_COLUMNS = frozenset({"document"})
POSTGRES_INDEXES = frozenset({"ix_search_documents_document"})


def include_name(name, type_, parent_names):
    """Alembic ``include_name``: leave out the FTS5 table and its shadow tables."""
    if type_ == "table" and name is not None:
        return not (name == FTS_TABLE or name.startswith(FTS_TABLE + "_"))
    return True


def include_object(obj, name, type_, reflected, compare_to):
    """Alembic ``include_object``: leave out PostgreSQL's tsvector columns and their indexes."""
    if not reflected or compare_to is not None:
        return True
    table = getattr(getattr(obj, "table", None), "name", None)
    if type_ == "column" and table == "search_documents" and name in POSTGRES_COLUMNS:
        return False
    if type_ == "index" and name in POSTGRES_INDEXES:
        return False
    return True
