"""Loans and holds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .meta import Base, UTCDateTime, utcnow


class Loan(Base):
    """A loan of one publication to one patron; its id is the idempotency key sent to the vendor."""

    __tablename__ = "loans"
    __table_args__ = (
        Index("ix_loans_patron_status", "patron_id", "status"),
        Index("ix_loans_license_status", "license_id", "status"),
        Index("ix_loans_status_due", "status", "due_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"), index=True)
    license_id: Mapped[int | None] = mapped_column(ForeignKey("licenses.id"))
    vendor_loan_id: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    return_url: Mapped[str | None] = mapped_column(Text)
    fulfilment_url: Mapped[str | None] = mapped_column(Text)
    # When the "loan ends soon" notice went out; set once, so parallel ticks remind only once.
    reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    publication = relationship("Publication", lazy="joined")


class Hold(Base):
    """A patron's place in the queue for a publication; first come, first served."""

    __tablename__ = "holds"
    __table_args__ = (
        Index("ix_holds_publication_status_placed", "publication_id", "status", "placed_at"),
        Index("ix_holds_patron_status", "patron_id", "status"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"))
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    placed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    queue_number: Mapped[int] = mapped_column(Integer)
    ready_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    vendor_hold_id: Mapped[str | None] = mapped_column(String(200))

    publication = relationship("Publication", lazy="joined")


class CirculationEvent(Base):
    """One loan, return, expiry or hold, for statistics: append-only, and no patron identifier."""

    __tablename__ = "circulation_events"
    __table_args__ = (Index("ix_circulation_events_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    publication_id: Mapped[int | None] = mapped_column(Integer, index=True)
    vendor_name: Mapped[str] = mapped_column(String(50))
    medium: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    municipality_code: Mapped[str | None] = mapped_column(String(3))


class UnsentNotice(Base):
    """A notice to a patron that could not be sent; the tick tries again a bounded number of times.

    Only failures are kept: a notice that went out at once never comes here. The address is personal data, so
    a notice given up is kept without it (for the count), and a sent one is deleted.
    """

    __tablename__ = "unsent_notices"
    __table_args__ = (Index("ix_unsent_notices_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    # The moment the notice tells of: the hold's last day, the loan's end.
    subject_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="waiting")  # waiting, given_up
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
