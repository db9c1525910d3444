"""The national unit's pages: who may open them, membership dates, fees, populations and the audit log."""

import datetime as dt
import decimal

import pytest
from sqlalchemy import select

from ebiblio_portal.accounts.eligibility import MembershipEligibility
from ebiblio_portal.models import AuditEntry, FeeRate, Municipality
from ebiblio_portal.municipalities.registry import DATA_FILE

from ..common.staff import HOME, NOT_JOINED, OTHER, add_patron, csrf, denied, log_in_as

NATIONAL_PAGES = [
    "/hallinta/kunnat",
    f"/hallinta/kunnat/{HOME}",
    "/hallinta/maksut",
    "/hallinta/maksut/2024",
    "/hallinta/maksut/2024.csv",
    "/hallinta/loki",
]
NATIONAL_POSTS = [
    f"/hallinta/kunnat/{NOT_JOINED}",
    "/hallinta/maksut/hinnat",
    "/hallinta/maksut/vakiluvut",
]


def test_national_pages_are_for_national_administrators_only(testapp, as_who, dbsession):
    for path in NATIONAL_PAGES:
        page = testapp.get(path + "?lang=en", expect_errors=True)
        if as_who == "national_admin":
            assert page.status_int == 200, path
        else:
            assert denied(page), (as_who, path, page.status)
    if as_who == "national_admin":
        return
    data = {"csrf_token": csrf(testapp), "access_start": "2026-01-01", "year": "2030", "rate": "9"}
    for path in NATIONAL_POSTS:
        assert denied(testapp.post(path, data, expect_errors=True)), (as_who, path)
    assert dbsession.get(Municipality, NOT_JOINED).access_start is None
    assert dbsession.get(FeeRate, 2030) is None


def test_posts_without_the_csrf_token_are_refused(testapp, cast, dbsession):
    log_in_as(testapp, cast, "national_admin")
    testapp.post(f"/hallinta/kunnat/{NOT_JOINED}", {"access_start": "2026-01-01"}, status=400)
    assert dbsession.get(Municipality, NOT_JOINED).access_start is None


@pytest.fixture
def national(testapp, cast):
    log_in_as(testapp, cast, "national_admin")
    return testapp


def test_the_list_shows_every_municipality_with_its_status(national):
    page = national.get("/hallinta/kunnat?lang=en")
    assert page.text.count('href="/hallinta/kunnat/') == 308
    row = page.html.find("a", href=f"/hallinta/kunnat/{HOME}").find_parent("tr")
    assert "Member" in row.text and "Apr 23, 2024" in row.text


SEARCHES = [
    ("tampere", HOME),
    ("TAMMERFORS", HOME),
    ("borga", NOT_JOINED),
    ("ahtari", "989"),
    ("Ähtäri", "989"),
    ("638", NOT_JOINED),
]


def test_search_by_finnish_or_swedish_name_without_case_or_accents(national):
    for query, expected in SEARCHES:
        page = national.get("/hallinta/kunnat", {"q": query, "lang": "en"})
        assert f'href="/hallinta/kunnat/{expected}"' in page.text, query
        assert page.text.count('href="/hallinta/kunnat/') < 5, query


def test_filter_by_status(national, dbsession):
    today = dt.date.today()
    dbsession.get(Municipality, NOT_JOINED).access_start = today + dt.timedelta(days=30)
    dbsession.get(Municipality, OTHER).access_end = today - dt.timedelta(days=1)
    dbsession.flush()
    links = {
        status: national.get("/hallinta/kunnat", {"status": status}).text.count('href="/hallinta/kunnat/')
        for status in ("member", "joining", "left", "never")
    }
    assert links["member"] == 1 and links["joining"] == 1 and links["left"] == 1 and links["never"] == 305
    assert 'href="/hallinta/kunnat/638"' in national.get("/hallinta/kunnat", {"status": "joining"}).text
    assert national.get("/hallinta/kunnat", {"status": "bogus"}).text.count('href="/hallinta/kunnat/') == 308


def _save(testapp, code, status=303, **dates):
    data = {"csrf_token": csrf(testapp), "contract_signed": "", "access_start": "", "access_end": "", **dates}
    return testapp.post(f"/hallinta/kunnat/{code}?lang=en", data, status=status)


def test_marking_a_municipality_joined_is_saved_and_audited(national, dbsession):
    _save(national, NOT_JOINED, contract_signed="1.2.2026", access_start="2026-03-01")
    porvoo = dbsession.get(Municipality, NOT_JOINED)
    assert (porvoo.contract_signed, porvoo.access_start, porvoo.access_end) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
        None,
    )
    entry = dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "municipality.membership")).one()
    assert (entry.actor, entry.target) == ("staff:national_admin", f"municipality:{NOT_JOINED}")
    assert entry.detail == {"contract_signed": [None, "2026-02-01"], "access_start": [None, "2026-03-01"]}
    assert "was saved" in national.get(f"/hallinta/kunnat/{NOT_JOINED}?lang=en").text


BAD_DATES = [
    ({"access_start": "31.2.2026"}, "access_start", "Write the date as day.month.year"),
    ({"access_start": "tomorrow"}, "access_start", "Write the date as day.month.year"),
    ({"access_start": "2026-05-01", "access_end": "2026-05-01"}, "access_end", "Access must end after it starts."),
    ({"access_start": "2026-05-01", "access_end": "2026-04-01"}, "access_end", "Access must end after it starts."),
    ({"access_end": "2026-04-01"}, "access_end", "Give the date access starts"),
    ({"contract_signed": "1.1.1066"}, "contract_signed", "between the years 2000 and 2100"),
]


def test_bad_dates_are_explained_and_nothing_is_saved(national, dbsession):
    for dates, field, message in BAD_DATES:
        page = _save(national, NOT_JOINED, status=400, **dates)
        error = page.html.find(id=f"{field}-error")
        assert error is not None and message in error.text, dates
    porvoo = dbsession.get(Municipality, NOT_JOINED)
    assert porvoo.access_start is None and porvoo.access_end is None and porvoo.contract_signed is None
    assert dbsession.scalar(select(AuditEntry).where(AuditEntry.action == "municipality.membership")) is None


def test_date_errors_are_in_the_users_language(national):
    page = national.post(
        f"/hallinta/kunnat/{NOT_JOINED}?lang=fi",
        {"csrf_token": csrf(national), "access_start": "2026-05-01", "access_end": "2026-01-01"},
        status=400,
    )
    assert "Access must end" not in page.text
    assert page.html.find(id="access_end-error").text.strip()


def test_an_unknown_municipality_is_not_found(national):
    national.get("/hallinta/kunnat/999", status=404)


def test_patrons_of_a_municipality_leaving_tomorrow_may_borrow_today_but_not_tomorrow(national, dbsession):
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    _save(national, HOME, access_start="2024-04-23", access_end=tomorrow.isoformat())
    patron = add_patron(dbsession, HOME)
    eligibility = MembershipEligibility()
    assert eligibility.may_borrow(patron, today)
    refused = eligibility.may_borrow(patron, tomorrow, "en")
    assert not refused and refused.reason == "left"
    assert eligibility.may_borrow(patron, today - dt.timedelta(days=400))  # 2024 opening was before that


def test_fees_page_and_invoice(national, dbsession):
    page = national.get("/hallinta/maksut?lang=fi")
    assert "2024" in page.text and "0,70" in page.text
    invoice = national.get("/hallinta/maksut/2025?lang=fi")
    tampere = dbsession.get(Municipality, HOME)
    helsinki = dbsession.get(Municipality, OTHER)
    total = (decimal.Decimal(tampere.population + helsinki.population) * decimal.Decimal("0.70")).quantize(
        decimal.Decimal("0.01")
    )
    shown = invoice.html.find(id="invoice-total").text
    assert shown.replace("\xa0", " ").replace("\u202f", " ") == f"{total:,.2f} €".replace(",", " ").replace(".", ",")


def test_an_invoice_of_a_year_without_a_rate_says_so(national):
    assert "There is no rate for 2031" in national.get("/hallinta/maksut/2031?lang=en").text


def test_the_csv_download_is_for_finnish_excel(national):
    response = national.get("/hallinta/maksut/2024.csv")
    assert response.content_type == "text/csv" and response.charset == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.body.startswith(b"\xef\xbb\xbfcode;municipality;population")
    assert "Tampere" in response.body.decode("utf-8-sig")


def _rate(testapp, status=303, **fields):
    return testapp.post("/hallinta/maksut/hinnat?lang=en", {"csrf_token": csrf(testapp), **fields}, status=status)


def test_a_rate_is_set_by_year_and_audited(national, dbsession):
    _rate(national, year="2027", rate="0,85", billable_months="")
    _rate(national, year="2026", rate="0.75", billable_months="6")
    assert dbsession.get(FeeRate, 2027).rate == decimal.Decimal("0.85")
    assert (dbsession.get(FeeRate, 2026).rate, dbsession.get(FeeRate, 2026).billable_months) == (
        decimal.Decimal("0.75"),
        6,
    )
    entries = dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "fees.rate")).all()
    assert {entry.target for entry in entries} == {"fee_rate:2026", "fee_rate:2027"}


BAD_RATES = [
    ({"year": "20x7", "rate": "0.70"}, "year"),
    ({"year": "1999", "rate": "0.70"}, "year"),
    ({"year": "2027", "rate": "-1"}, "rate"),
    ({"year": "2027", "rate": "abc"}, "rate"),
    ({"year": "2027", "rate": "NaN"}, "rate"),
    ({"year": "2027", "rate": "0.123456"}, "rate"),
    ({"year": "2027", "rate": "0.70", "billable_months": "13"}, "billable_months"),
]


def test_bad_rates_are_explained(national, dbsession):
    for fields, field in BAD_RATES:
        page = _rate(national, status=400, **fields)
        assert page.html.find(id=f"{field}-error") is not None, fields
    assert dbsession.get(FeeRate, 2027) is None


def _upload(testapp, content, status=303, name="populations.csv"):
    return testapp.post(
        "/hallinta/maksut/vakiluvut?lang=en",
        {"csrf_token": csrf(testapp)},
        upload_files=[("file", name, content)],
        status=status,
    )


HEADER = b"code,name_fi,name_sv,population,population_year,region_fi\n"


def test_a_good_population_file_updates_populations_and_is_audited(national, dbsession):
    _upload(national, HEADER + b"837,Tampere,Tammerfors,260000,2026,Pirkanmaa\n")
    tampere = dbsession.get(Municipality, HOME)
    assert (tampere.population, tampere.population_year) == (260000, 2026)
    entry = dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "municipality.populations")).one()
    assert entry.detail["rows"] == 1 and entry.detail["changed"] == 1


def test_the_shipped_file_uploads(national):
    with open(DATA_FILE, "rb") as handle:
        _upload(national, handle.read())


BAD_FILES = [
    (b"", ["The file is empty."]),
    (b"code;population\n837;5\n", ["lacks the columns"]),
    ("837,Tampere,Tammerfors,260000,2026,Pirkanmaa\n".encode("latin-1") + "Ähtäri".encode("latin-1"), ["not UTF-8"]),
    (
        HEADER
        + b"837,Tampere,Tammerfors,260000,2026,P\n"
        + b"999,Nowhere,Nowhere,5,2026,X\n"
        + b"091,Helsinki,Helsingfors,-5,2026,U\n"
        + b"638,Porvoo,Borga,many,2026,U\n"
        + b"989,Ahtari,Etseri,6000,last,U\n"
        + b"837,Tampere,Tammerfors,1,2026,P\n",
        [
            "Line 3: there is no municipality with the code 999.",
            "Line 4: the population -5 is not a whole number",
            "Line 5: the population many is not a whole number",
            "Line 6: the year last is not a year.",
            "Line 7: the code 837 is in the file twice.",
        ],
    ),
    (HEADER, ["The file has no municipalities."]),
]


def test_a_bad_population_file_lists_its_problems_and_writes_nothing(national, dbsession):
    before = dbsession.get(Municipality, HOME).population
    for content, messages in BAD_FILES:
        problems = _upload(national, content, status=400).html.find(id="population-problems").text
        for message in messages:
            assert message in problems, content
    assert dbsession.get(Municipality, HOME).population == before
    assert dbsession.scalar(select(AuditEntry).where(AuditEntry.action == "municipality.populations")) is None


def test_an_upload_without_a_file_is_explained(national):
    page = national.post("/hallinta/maksut/vakiluvut?lang=en", {"csrf_token": csrf(national)}, status=400)
    assert "Choose a CSV file" in page.text
