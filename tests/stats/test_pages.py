"""The statistics pages: who may see which, the charts and tables, filters, and the CSV."""

import csv
import datetime as dt
import io
import re

import pytest

from ebiblio_portal.stats.refresh import refresh

from ..common.staff import HOME, OTHER, denied, log_in_as
from .helpers import event, publication

NATIONAL_PAGE = {"national_admin"}
HOME_PAGE = {"librarian", "municipal_admin", "national_admin"}
MONTH = dt.datetime.now(dt.UTC).replace(day=1, hour=12)


@pytest.fixture
def loans(dbsession, cast):
    book = publication(dbsession, "b1", "Kirja", medium="ebook", language="fi", vendor="acme", concurrency=1)
    audio = publication(dbsession, "a1", "Ljudbok", medium="audiobook", language="sv", vendor="other")
    for _ in range(3):
        event(dbsession, "loan", book, HOME, MONTH)
    event(dbsession, "loan", audio, OTHER, MONTH)
    event(dbsession, "hold", audio, OTHER, MONTH)
    event(dbsession, "hold_ready", audio, OTHER, MONTH)
    event(dbsession, "loan_cancelled", audio, OTHER, MONTH)
    refresh(dbsession, settle=dt.timedelta(0))
    return book, audio


@pytest.mark.parametrize("path", ["/hallinta/tilastot", "/hallinta/tilastot.csv"])
def test_national_statistics_by_role(testapp, as_who, path):
    page = testapp.get(path + "?lang=en", expect_errors=True)
    if as_who in NATIONAL_PAGE:
        assert page.status_int == 200
    else:
        assert denied(page), (as_who, page.status)


@pytest.mark.parametrize("path", [f"/hallinta/kunta/{HOME}/tilastot", f"/hallinta/kunta/{HOME}/tilastot.csv"])
def test_municipal_statistics_by_role(testapp, as_who, path):
    page = testapp.get(path + "?lang=en", expect_errors=True)
    if as_who in HOME_PAGE:
        assert page.status_int == 200
    else:
        assert denied(page), (as_who, page.status)


def test_the_national_page_shows_charts_with_names_and_the_same_numbers_in_tables(testapp, cast, loans):
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get("/hallinta/tilastot?lang=en")
    charts = re.findall(r'<svg class="chart" role="img" aria-labelledby="([^"]+)"', page.text)
    assert "chart-circulation-title" in charts and "chart-municipality-title" in charts
    assert '<title id="chart-circulation-title">Loans, returns and holds by month</title>' in page.text
    assert "Loans by municipality" in page.text and "Tampere" in page.text and "Helsinki" in page.text
    table = page.html.find("caption", string="Loans by medium").find_parent("table")
    cells = {row.th.text: [td.text for td in row.find_all("td")] for row in table.tbody.find_all("tr")}
    assert cells["E-books"][0] == "3" and cells["Audiobooks"][0] == "1"


def test_a_municipality_sees_only_its_own_figures(testapp, cast, loans):
    log_in_as(testapp, cast, "librarian")
    page = testapp.get(f"/hallinta/kunta/{HOME}/tilastot?lang=en")
    assert "Kirja" in page.text and "Loans by municipality" not in page.text
    table = page.html.find("caption", string="Loans by medium").find_parent("table")
    rows = [row.th.text for row in table.tbody.find_all("tr")]
    assert rows == ["E-books"]
    # A librarian cannot widen the page to another municipality through the query string.
    other = testapp.get(f"/hallinta/kunta/{HOME}/tilastot?lang=en&municipality={OTHER}")
    assert [
        r.th.text for r in other.html.find("caption", string="Loans by medium").find_parent("table").tbody("tr")
    ] == ["E-books"]


def test_the_csv_parses_back_to_the_figures_on_the_page(testapp, cast, loans):
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get("/hallinta/tilastot?lang=en")
    download = testapp.get("/hallinta/tilastot.csv?lang=en")
    assert download.content_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.body.decode("utf-8-sig"))))
    figures = {(r["table"], r["key"], r["metric"]): int(r["count"]) for r in rows}
    assert figures[("medium", "ebook", "loan")] == 3
    assert figures[("municipality", HOME, "loan")] == 3 and figures[("municipality", OTHER, "hold")] == 1
    for caption, table in (("Loans by medium", "medium"), ("Loans, holds and patrons by municipality", "municipality")):
        shown = page.html.find("caption", string=caption).find_parent("table")
        for row in shown.tbody.find_all("tr"):
            key = next(r["key"] for r in rows if r["table"] == table and r["label"] == row.th.text)
            assert int(row.find_all("td")[0].text) == figures[(table, key, "loan")]
    month_table = page.html.find("caption", string="Loans, returns and holds by month").find_parent("table")
    shown_loans = sum(int(row.find_all("td")[0].text) for row in month_table.tbody.find_all("tr"))
    assert shown_loans == sum(v for (t, _k, m), v in figures.items() if t == "month" and m == "loan") == 4


def test_filters_by_medium_and_municipality(testapp, cast, loans):
    log_in_as(testapp, cast, "national_admin")
    download = testapp.get(f"/hallinta/tilastot.csv?medium=audiobook&municipality={OTHER}")
    rows = list(csv.DictReader(io.StringIO(download.body.decode("utf-8-sig"))))
    months = [r for r in rows if r["table"] == "month" and r["metric"] == "loan"]
    assert sum(int(r["count"]) for r in months) == 1
    assert not [r for r in rows if r["table"] == "municipality"]
    assert [r["label"] for r in rows if r["table"] == "title"] == ["Ljudbok"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2025-13&to=2025-14", "Give the months as year and month"),
        ("from=2025-06&to=2025-01", "The first month is after the last one"),
        ("from=2001-01&to=2025-01", "Choose at most 60 months"),
        ("medium=vinyl", "Unknown medium"),
        ("municipality=xyz", "Unknown municipality"),
        ("from=%00%ff", "Give the months"),
    ],
)
def test_bad_filters_get_a_message_and_the_default(testapp, cast, query, message):
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get(f"/hallinta/tilastot?lang=en&{query}")
    assert message in page.text
    assert testapp.get(f"/hallinta/tilastot.csv?{query}").status_int == 200


def test_an_unknown_municipality_page_is_not_found(testapp, cast):
    log_in_as(testapp, cast, "national_admin")
    testapp.get("/hallinta/kunta/999/tilastot", status=404)


def test_numbers_and_months_in_the_readers_language(testapp, cast, dbsession):
    book = publication(dbsession, "b1", "Kirja")
    for _ in range(1234):
        event(dbsession, "loan", book, HOME, dt.datetime(2025, 3, 10, tzinfo=dt.UTC))
    refresh(dbsession, settle=dt.timedelta(0))
    log_in_as(testapp, cast, "national_admin")
    finnish = testapp.get("/hallinta/tilastot?lang=fi&from=2025-03&to=2025-03")
    assert "1\xa0234" in finnish.text and "maalis 2025" in finnish.text
    swedish = testapp.get("/hallinta/tilastot?lang=sv&from=2025-03&to=2025-03")
    assert "1\xa0234" in swedish.text and "mars 2025" in swedish.text
    english = testapp.get("/hallinta/tilastot?lang=en&from=2025-03&to=2025-03")
    assert "1,234" in english.text and "Mar 2025" in english.text


def test_the_staff_area_links_to_the_statistics(testapp, cast):
    log_in_as(testapp, cast, "national_admin")
    assert "/hallinta/tilastot" in testapp.get("/hallinta?lang=en").text
    log_in_as(testapp, cast, "librarian")
    assert f"/hallinta/kunta/{HOME}/tilastot" in testapp.get(f"/hallinta/kunta/{HOME}?lang=en").text
