"""What municipalities pay: the rate per resident of each year."""

from __future__ import annotations

import decimal

from sqlalchemy import Integer, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base


class DecimalText(TypeDecorator):
    """An exact ``Decimal`` kept as text: SQLite has no decimal type, and money must not pass through floats."""

    impl = String(24)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return str(decimal.Decimal(value))

    def process_result_value(self, value, dialect):
        return decimal.Decimal(value) if value is not None else None


class FeeRate(Base):
    """The fee per resident for a whole year of membership in ``year``.

    ``billable_months`` caps the months billed in that year (2024: 8, the service opened on 23.4.2024);
    None bills every month in which the municipality is a member on the month's first day.
    """

    __tablename__ = "fee_rates"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    rate: Mapped[decimal.Decimal] = mapped_column(DecimalText)
    billable_months: Mapped[int | None] = mapped_column(Integer)
