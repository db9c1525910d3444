"""Municipalities and their membership of the e-library."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base


class Municipality(Base):
    """A Finnish municipality; its residents may borrow while it is a member."""

    __tablename__ = "municipalities"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name_fi: Mapped[str] = mapped_column(String(100))
    name_sv: Mapped[str] = mapped_column(String(100))
    slug_fi: Mapped[str] = mapped_column(String(100), unique=True)
    slug_sv: Mapped[str] = mapped_column(String(100), unique=True)
    population: Mapped[int] = mapped_column(Integer, default=0)
    population_year: Mapped[int | None] = mapped_column(Integer)
    region_fi: Mapped[str | None] = mapped_column(String(100))
    contract_signed: Mapped[dt.date | None] = mapped_column(Date)
    access_start: Mapped[dt.date | None] = mapped_column(Date)
    access_end: Mapped[dt.date | None] = mapped_column(Date)
    theme_name: Mapped[str | None] = mapped_column(String(100))
    host_name: Mapped[str | None] = mapped_column(String(255), unique=True)

    def is_member_on(self, day: dt.date) -> bool:
        """True when the municipality's residents may use the e-library on ``day``."""
        if self.access_start is None or day < self.access_start:
            return False
        return self.access_end is None or day < self.access_end

    def name(self, language: str) -> str:
        return self.name_sv if language == "sv" else self.name_fi
