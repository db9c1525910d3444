"""Fee calculation: the rule, the rate table as data, rounding, and the CSV export."""

import csv
import datetime as dt
import decimal
import io
import types

import pytest

from ebiblio_portal.models import FeeRate, Municipality
from ebiblio_portal.national.fees import FeeSchedule, fee, invoice_csv, months_billed

from ..common.staff import HOME, OTHER, join

D = decimal.Decimal


def member(start=None, end=None):
    """A municipality (not stored) with the model's own membership rule."""
    return Municipality(code="999", access_start=start, access_end=end)


def test_a_full_year_bills_twelve_months():
    assert months_billed(member(dt.date(2024, 4, 23)), 2025) == 12
    assert fee(10_000, D("0.70"), 12) == D("7000.00")


def test_a_month_counts_when_the_municipality_is_a_member_on_its_first_day():
    joined_mid_march = member(dt.date(2025, 3, 15))
    assert months_billed(joined_mid_march, 2025) == 9  # April to December
    assert months_billed(member(dt.date(2025, 3, 1)), 2025) == 10


def test_leaving_mid_year_bills_the_months_begun_as_a_member():
    left_mid_september = member(dt.date(2024, 4, 23), dt.date(2025, 9, 15))
    assert months_billed(left_mid_september, 2025) == 9  # January to September
    assert months_billed(left_mid_september, 2026) == 0
    assert months_billed(member(dt.date(2024, 4, 23), dt.date(2025, 9, 1)), 2025) == 8


def test_joining_and_leaving_in_one_year():
    assert months_billed(member(dt.date(2026, 2, 1), dt.date(2026, 6, 1)), 2026) == 4


def test_never_joined_bills_nothing():
    assert months_billed(member(), 2025) == 0


def test_a_partial_year_fee_is_rounded_half_up_to_cents():
    # 1001 x 0.70 x 7 / 12 = 408.7416... -> 408.74; 15 x 0.70 x 1 / 12 = 0.875 -> 0.88
    assert fee(1001, D("0.70"), 7) == D("408.74")
    assert fee(15, D("0.70"), 1) == D("0.88")
    assert fee(0, D("0.70"), 12) == D("0.00")


def test_the_2024_opening_is_billed_as_eight_months_from_the_rate_table(dbsession):
    join(dbsession, HOME)
    schedule = FeeSchedule()
    rate = dbsession.get(FeeRate, 2024)
    assert (rate.rate, rate.billable_months) == (D("0.70"), 8)
    opening = schedule.invoice(dbsession, 2024)
    tampere = next(line for line in opening.lines if line.code == HOME)
    assert tampere.months == 8
    assert tampere.fee == fee(tampere.population, D("0.70"), 8)
    # Access from January is still billed at most the row's eight months; change the row and the invoice follows.
    dbsession.get(Municipality, HOME).access_start = dt.date(2024, 1, 1)
    dbsession.flush()
    assert next(line for line in schedule.invoice(dbsession, 2024).lines if line.code == HOME).months == 8
    rate.billable_months = None
    dbsession.flush()
    assert next(line for line in schedule.invoice(dbsession, 2024).lines if line.code == HOME).months == 12


def test_rates_change_by_year(dbsession):
    join(dbsession, HOME)
    dbsession.add(FeeRate(year=2027, rate=D("0.85"), billable_months=None))
    dbsession.get(FeeRate, 2026).rate = D("0.75")
    dbsession.flush()
    schedule = FeeSchedule()
    lines = {year: schedule.invoice(dbsession, year).lines[0] for year in (2025, 2026, 2027)}
    population = lines[2025].population
    assert lines[2025].fee == fee(population, D("0.70"), 12)
    assert lines[2026].fee == fee(population, D("0.75"), 12)
    assert lines[2027].fee == fee(population, D("0.85"), 12)


def test_a_year_without_a_rate_has_no_lines(dbsession):
    join(dbsession, HOME)
    invoice = FeeSchedule().invoice(dbsession, 2031)
    assert invoice.rate is None and invoice.lines == [] and invoice.total == 0


def test_the_invoice_total_is_the_sum_of_its_lines(dbsession):
    join(dbsession, HOME, OTHER)
    invoice = FeeSchedule().invoice(dbsession, 2025)
    assert [line.code for line in invoice.lines] == [OTHER, HOME]  # Helsinki, Tampere
    assert invoice.total == sum(line.fee for line in invoice.lines)


def parse_csv(text):
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    return rows[:-1], rows[-1]


def test_the_csv_parses_back_to_the_same_figures(dbsession):
    join(dbsession, HOME, OTHER)
    invoice = FeeSchedule().invoice(dbsession, 2024)
    lines, total = parse_csv(invoice_csv(invoice))
    assert [
        (
            row["code"],
            int(row["population"]),
            int(row["months"]),
            D(row["rate"].replace(",", ".")),
            D(row["fee"].replace(",", ".")),
        )
        for row in lines
    ] == [(line.code, line.population, line.months, line.rate, line.fee) for line in invoice.lines]
    assert total["municipality"] == "total"
    assert D(total["fee"].replace(",", ".")) == invoice.total
    assert sum(D(row["fee"].replace(",", ".")) for row in lines) == invoice.total


@pytest.mark.parametrize("name", ['Ähtäri; "quoted"'])
def test_the_csv_quotes_names_with_separators(name):
    line = types.SimpleNamespace(
        code="999", name_fi=name, population=5, population_year=2025, months=12, rate=D("0.70"), fee=D("3.50")
    )
    invoice = types.SimpleNamespace(lines=[line], population=5, total=D("3.50"))
    lines, _ = parse_csv(invoice_csv(invoice))
    assert lines[0]["municipality"] == name
