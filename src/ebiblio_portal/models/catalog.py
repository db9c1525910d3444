"""The shared collection: vendors, works, publications and their licenses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .meta import Base, UTCDateTime


class Vendor(Base):
    """A content vendor as the portal keeps track of it; its plugin does the talking."""

    __tablename__ = "vendors"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(20))
    synced_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sync_cursor: Mapped[str | None] = mapped_column(Text)
    # "Sync now" from the staff area: the scheduled 'ebiblio sync --requested' runs it and clears this.
    sync_requested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sync_requested_by: Mapped[str | None] = mapped_column(String(100))


class SyncRun(Base):
    """One catalogue sync of one vendor: what it read, wrote and could not read."""

    __tablename__ = "sync_runs"
    __table_args__ = (Index("ix_sync_runs_vendor_started", "vendor_name", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_name: Mapped[str] = mapped_column(ForeignKey("vendors.name"))
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="running")
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    records_seen: Mapped[int] = mapped_column(Integer, default=0)
    records_written: Mapped[int] = mapped_column(Integer, default=0)
    records_failed: Mapped[int] = mapped_column(Integer, default=0)
    records_removed: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)

    errors = relationship("SyncError", cascade="all, delete-orphan", lazy="selectin")


class SyncError(Base):
    """A record a sync skipped, with why."""

    __tablename__ = "sync_errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("sync_runs.id", ondelete="CASCADE"), index=True)
    vendor_key: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    excerpt: Mapped[str | None] = mapped_column(Text)


class Work(Base):
    """One work, offered by one or more vendors (joined by ISBN)."""

    __tablename__ = "works"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(250), unique=True)
    title: Mapped[str] = mapped_column(Text)

    publications = relationship("Publication", back_populates="work")


class Publication(Base):
    """One vendor's offer of a work: an e-book, an audiobook or a magazine issue."""

    __tablename__ = "publications"
    __table_args__ = (
        UniqueConstraint("vendor_name", "vendor_key", name="uq_publications_vendor_key"),
        Index("ix_publications_medium_published", "medium", "published"),
        Index("ix_publications_periodical_issue", "periodical_key", "issue_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("works.id"), index=True)
    vendor_name: Mapped[str] = mapped_column(ForeignKey("vendors.name"))
    vendor_key: Mapped[str] = mapped_column(String(200))
    record_hash: Mapped[str] = mapped_column(String(32))
    medium: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    sort_title: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), index=True)
    series: Mapped[str | None] = mapped_column(String(300), index=True)
    series_number: Mapped[str | None] = mapped_column(String(20))
    publisher: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[dt.date | None] = mapped_column(Date)
    modified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    audience: Mapped[str] = mapped_column(String(20), default="adults")
    isbn: Mapped[str | None] = mapped_column(String(13), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    cover_url: Mapped[str | None] = mapped_column(Text)
    sample_url: Mapped[str | None] = mapped_column(Text)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    page_count: Mapped[int | None] = mapped_column(Integer)
    simultaneous_use: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    periodical_key: Mapped[str | None] = mapped_column(String(200))
    periodical_title: Mapped[str | None] = mapped_column(Text)
    issue_date: Mapped[dt.date | None] = mapped_column(Date)
    table_of_contents: Mapped[list | None] = mapped_column(JSON)
    subjects: Mapped[list | None] = mapped_column(JSON)
    synced_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Loans and holds of the last year, kept by circulation; sorts search by popularity.
    popularity: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    work = relationship("Work", back_populates="publications")
    contributors = relationship(
        "PublicationContributor",
        order_by="PublicationContributor.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    licenses = relationship("License", back_populates="publication", cascade="all, delete-orphan", lazy="selectin")


class PublicationContributor(Base):
    """A person credited on a publication, in a role, in the order the vendor gave."""

    __tablename__ = "publication_contributors"

    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    sort_name: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))


class PublicationSubject(Base):
    """A subject heading of a publication (for browsing and facets)."""

    __tablename__ = "publication_subjects"

    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"), primary_key=True)
    subject: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class License(Base):
    """One license of a publication, with its terms and what is left of it."""

    __tablename__ = "licenses"
    __table_args__ = (UniqueConstraint("publication_id", "identifier", name="uq_licenses_publication_identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    identifier: Mapped[str] = mapped_column(String(200))
    concurrency: Mapped[int | None] = mapped_column(Integer)
    checkouts_left: Mapped[int | None] = mapped_column(Integer)
    checkouts_available: Mapped[int | None] = mapped_column(Integer)
    expires: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    loan_length_seconds: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="available")
    format: Mapped[str | None] = mapped_column(String(100))

    publication = relationship("Publication", back_populates="licenses")
