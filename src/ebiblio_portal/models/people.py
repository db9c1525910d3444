"""Patrons and staff."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .meta import Base, UTCDateTime, utcnow


class Patron(Base):
    """A registered patron. The personal identity code is kept only as a keyed hash."""

    __tablename__ = "patrons"

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[str] = mapped_column(String(20), unique=True)
    identity_hash: Mapped[str] = mapped_column(String(64), unique=True)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"), index=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="fi")
    email: Mapped[str | None] = mapped_column(String(320))
    keep_history: Mapped[bool] = mapped_column(Boolean, default=False)
    # True: every page in the national look, not the home municipality's theme.
    national_theme: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    identified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The last month (YYYY-MM, Finnish time) the patron borrowed or placed a hold: "active patrons" count
    # each patron once a month without the statistics knowing who.
    active_month: Mapped[str | None] = mapped_column(String(7))

    municipality = relationship("Municipality", lazy="joined")


class StaffUser(Base):
    """A librarian, a municipal administrator or a member of the national unit."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(255))  # sealed (encrypted), see accounts.totp
    totp_last_step: Mapped[int | None] = mapped_column(Integer)  # the last time step used: a code works once
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    roles = relationship("StaffRole", back_populates="staff", cascade="all, delete-orphan", lazy="selectin")


class StaffRole(Base):
    """One role of a staff user, in one municipality or nationally (municipality None)."""

    __tablename__ = "staff_roles"
    __table_args__ = (
        Index("ix_staff_roles_staff_role_municipality", "staff_id", "role", "municipality_code", unique=True),
    )

    ROLES = ("national_admin", "municipal_admin", "librarian")

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(30))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))

    staff = relationship("StaffUser", back_populates="roles")
