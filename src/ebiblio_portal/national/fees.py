"""Yearly fees: population x rate per resident x billed months / 12, in exact decimals rounded half up to cents.

A month is billed when the municipality is a member on the month's first day. A year's rate row may cap
the billed months (2024: 8, because the service opened on 23.4.2024); the cap is data in ``fee_rates``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import decimal
import io

from sqlalchemy import select
from zope.interface import implementer

from ..models import FeeRate, Municipality
from .interfaces import IFeeSchedule

CENT = decimal.Decimal("0.01")
CSV_COLUMNS = ("code", "municipality", "population", "population_year", "months", "rate", "fee")


def months_billed(municipality, year, cap=None):
    """The months of ``year`` on whose first day ``municipality`` is a member, at most ``cap``."""
    months = sum(1 for month in range(1, 13) if municipality.is_member_on(dt.date(year, month, 1)))
    return min(months, cap) if cap is not None else months


def fee(population, rate, months):
    """The fee in euros for ``months`` of a year, rounded half up to cents."""
    exact = decimal.Decimal(population) * decimal.Decimal(rate) * months / 12
    return exact.quantize(CENT, rounding=decimal.ROUND_HALF_UP)


@dataclasses.dataclass(frozen=True)
class InvoiceLine:
    code: str
    name_fi: str
    name_sv: str
    population: int
    population_year: int | None
    months: int
    rate: decimal.Decimal
    fee: decimal.Decimal


@dataclasses.dataclass(frozen=True)
class Invoice:
    """The fees of one year: a line per municipality billed at least one month, and their total."""

    year: int
    rate: FeeRate | None
    lines: list

    @property
    def total(self):
        return sum((line.fee for line in self.lines), decimal.Decimal("0.00"))

    @property
    def population(self):
        return sum(line.population for line in self.lines)


@implementer(IFeeSchedule)
class FeeSchedule:
    """``IFeeSchedule`` on the ``fee_rates`` table and the municipalities' dates and populations."""

    @classmethod
    def create_service(cls, context, request):
        return cls()

    def rates(self, session):
        return list(session.scalars(select(FeeRate).order_by(FeeRate.year)))

    def invoice(self, session, year):
        rate = session.get(FeeRate, year)
        lines = []
        if rate is not None:
            for municipality in session.scalars(select(Municipality).order_by(Municipality.name_fi)):
                months = months_billed(municipality, year, rate.billable_months)
                if months:
                    lines.append(
                        InvoiceLine(
                            municipality.code,
                            municipality.name_fi,
                            municipality.name_sv,
                            municipality.population,
                            municipality.population_year,
                            months,
                            rate.rate,
                            fee(municipality.population, rate.rate, months),
                        )
                    )
        return Invoice(year, rate, lines)


def _comma(value):
    return str(value).replace(".", ",")


def invoice_csv(invoice):
    """The invoice as CSV for Finnish Excel: UTF-8 with a BOM, ``;`` between fields, decimal commas, a total row."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in invoice.lines:
        writer.writerow(
            [
                line.code,
                line.name_fi,
                line.population,
                line.population_year or "",
                line.months,
                _comma(line.rate),
                _comma(line.fee),
            ]
        )
    writer.writerow(["", "total", invoice.population, "", "", "", _comma(invoice.total)])
    return out.getvalue()
