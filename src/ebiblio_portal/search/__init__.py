"""Search over the whole shared collection: analysis, the index backends, facets and the /search page.

The backend follows the database: SQLite gets the FTS5 index, PostgreSQL the tsvector one; both
implement ``ISearchIndex``. The catalogue sync keeps the index current through ``index_updater``.
"""

from __future__ import annotations

from ..interfaces import ISearchIndex


def index_for(dialect_name):
    """The ``ISearchIndex`` for a database dialect ("sqlite" or "postgresql")."""
    if dialect_name == "postgresql":
        from .postgres import PostgresSearchIndex

        return PostgresSearchIndex()
    from .sqlite import SQLiteSearchIndex

    return SQLiteSearchIndex()


def index_updater(index):
    """A ``CatalogueSync`` ``on_change`` callback that re-indexes what a batch changed.

    The sync calls it inside a transaction of its own, after the batch is committed.
    """

    def on_change(session, publication_ids):
        index.update(session, publication_ids)

    return on_change


def includeme(config):
    engine = config.registry["db.engine"]
    config.register_service(index_for(engine.dialect.name), ISearchIndex)
    config.scan(".views")
