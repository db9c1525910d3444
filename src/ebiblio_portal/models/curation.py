"""What librarians write: front-page picks, book tips and content pages; what patrons ask of them: wishes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .meta import Base, UTCDateTime, utcnow


class CuratedList(Base):
    """A front-page pick list of a municipality, or of the national unit (municipality None)."""

    __tablename__ = "curated_lists"
    __table_args__ = (Index("ix_curated_lists_municipality_status", "municipality_code", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))
    title_fi: Mapped[str | None] = mapped_column(String(300))
    title_sv: Mapped[str | None] = mapped_column(String(300))
    text_fi: Mapped[str | None] = mapped_column(Text)
    text_sv: Mapped[str | None] = mapped_column(Text)
    visible_from: Mapped[dt.date | None] = mapped_column(Date)
    visible_until: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    items = relationship("CuratedItem", order_by="CuratedItem.position", cascade="all, delete-orphan")


class CuratedItem(Base):
    __tablename__ = "curated_items"

    list_id: Mapped[int] = mapped_column(ForeignKey("curated_lists.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"))


class BookTip(Base):
    """A librarian's short text about one publication."""

    __tablename__ = "book_tips"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"), index=True)
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"), index=True)
    author_name: Mapped[str] = mapped_column(String(200))
    text_fi: Mapped[str | None] = mapped_column(Text)
    text_sv: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    publication = relationship("Publication", lazy="joined")
    municipality = relationship("Municipality", lazy="joined")


class ContentPage(Base):
    """Help, news, accessibility statement or contact page, nationally or of one municipality."""

    __tablename__ = "content_pages"
    __table_args__ = (Index("ix_content_pages_municipality_slug", "municipality_code", "slug", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))
    slug: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30), default="page")
    # Published: patrons see each language's newest published revision; draft: nobody but staff.
    status: Mapped[str] = mapped_column(String(20), default="draft")
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    revisions = relationship("ContentRevision", order_by="ContentRevision.id", cascade="all, delete-orphan")


class ContentRevision(Base):
    """One saved version of a content page in one language; published or draft."""

    __tablename__ = "content_revisions"
    __table_args__ = (Index("ix_content_revisions_page_language", "page_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("content_pages.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(300))
    body_markdown: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PatronWish(Base):
    """A patron's acquisition wish or feedback, for the librarians of the patron's home municipality.

    Only the patron's id is kept; staff see the library ID through it, never a personal identity code.
    """

    __tablename__ = "patron_wishes"
    __table_args__ = (
        Index("ix_patron_wishes_municipality_status_created", "municipality_code", "status", "created_at"),
        Index("ix_patron_wishes_patron_created", "patron_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id", ondelete="CASCADE"))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String(300))
    author: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
