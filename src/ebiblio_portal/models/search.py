"""What the search index keeps beside its full-text part: one row per work, and the vocabulary.

The full-text part itself depends on the database (an FTS5 table on SQLite, tsvector columns on
PostgreSQL) and is created by migration 0003 only; see ``ebiblio_portal.search``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base


class SearchDocument(Base):
    """One work as search sees it: its facet values and sort keys (masks where a work has several)."""

    __tablename__ = "search_documents"

    work_id: Mapped[int] = mapped_column(ForeignKey("works.id", ondelete="CASCADE"), primary_key=True)
    # Popularity in the high bits, the work in the low ones: index order is "most popular first".
    docid: Mapped[int] = mapped_column(BigInteger, unique=True)
    publication_id: Mapped[int] = mapped_column(Integer)
    media: Mapped[int] = mapped_column(Integer)
    origins: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    audience: Mapped[str] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer)
    published: Mapped[dt.date | None] = mapped_column(Date)
    available: Mapped[bool] = mapped_column(Boolean)
    popularity: Mapped[int] = mapped_column(Integer)
    sort_key: Mapped[str] = mapped_column(Text)


class SearchTerm(Base):
    """A word of the catalogue and how many works use it: what "did you mean" suggests from."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(60), primary_key=True)
    frequency: Mapped[int] = mapped_column(Integer)
