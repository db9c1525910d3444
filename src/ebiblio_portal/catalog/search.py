"""The embedded default search index: queries the catalogue tables directly (discovery brings full-text)."""

from __future__ import annotations

import dataclasses

from zope.interface import implementer

from ..interfaces import ISearchIndex
from .queries import simple_search


@dataclasses.dataclass(frozen=True)
class SearchQuery:
    text: str
    page: int = 1
    per_page: int = 20


@dataclasses.dataclass(frozen=True)
class SearchResult:
    hits: list
    total: int
    facets: dict = dataclasses.field(default_factory=dict)


@implementer(ISearchIndex)
class TableSearchIndex:
    """Searches titles, contributors and ISBNs with plain SQL; nothing to keep up to date."""

    def update(self, session, publication_ids):
        return None

    def remove(self, session, publication_ids):
        return None

    def rebuild(self, session):
        return None

    def search(self, session, query):
        hits, total = simple_search(session, query.text, query.page, query.per_page)
        return SearchResult(hits=hits, total=total)
