"""Service statistics: anonymous patron events and monthly counts kept up to date from the events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base, UTCDateTime, utcnow

# In the monthly tables this stands for "every value" of a dimension (a pre-summed row).
ALL = "*"


class PatronEvent(Base):
    """A patron registered, or was active for the first time in a month: only the municipality, never who."""

    __tablename__ = "patron_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    municipality_code: Mapped[str | None] = mapped_column(String(3))


class MonthlyCount(Base):
    """How many events of a kind in a month (Finnish time), by municipality, vendor, medium and language.

    ``ALL`` in a dimension marks a pre-summed row. Each event is counted in three grains, each both for its
    municipality and nationally (municipality ``ALL``): in full detail; by medium (vendor and language
    ``ALL``); and in total (all three ``ALL``). A page then reads a few thousand rows whatever the number of
    loans. Patron events have only the total grain.
    """

    __tablename__ = "stats_monthly"
    # The comparison of municipalities reads the pre-summed rows of every municipality: covered by this index.
    __table_args__ = (
        Index(
            "ix_stats_monthly_rollup",
            "vendor_name",
            "language",
            "medium",
            "month",
            "municipality_code",
            "kind",
            "count",
        ),
        {"sqlite_with_rowid": False},
    )

    municipality_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    vendor_name: Mapped[str] = mapped_column(String(50), primary_key=True)
    medium: Mapped[str] = mapped_column(String(20), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class MonthlyTitleLoans(Base):
    """Loans of one publication in a month, per municipality and nationally (municipality ``ALL``)."""

    __tablename__ = "stats_title_loans"
    # Each month's most borrowed, read first for the list of most borrowed titles, and the period's sum of
    # the candidates found: both covering, so PostgreSQL answers from the index alone (migration 0006).
    __table_args__ = (
        Index("ix_stats_title_loans_leaders", "municipality_code", "month", "count", "publication_id"),
        Index("ix_stats_title_loans_title", "municipality_code", "publication_id", "month", "count"),
        {"sqlite_with_rowid": False},
    )

    municipality_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    publication_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class StatsMark(Base):
    """The last event id counted into the monthly tables, per event table (the refresh's high-water mark)."""

    __tablename__ = "stats_marks"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
