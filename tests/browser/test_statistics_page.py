"""The national unit's statistics and vendor operations pages in a real Chromium: charts, accessibility, screenshot."""

import datetime as dt
import re

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.models import (
    CirculationEvent,
    Municipality,
    PatronEvent,
    Publication,
    StaffUser,
    SyncError,
    SyncRun,
    Vendor,
    Work,
)
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.stats.refresh import refresh
from ebiblio_portal.testing.browser import axe_violations, screenshot

from ..common.staff import TOTP_SECRET, add_staff
from ..conftest import base_settings, core_plugins, make_app

pytestmark = pytest.mark.browser
PASSWORD = "national-password-2026"
NATIONAL_ADMINS = ("stats_national", "stats_national_2")
TITLES = ("Tuntematon sotilas", "Seitsemän veljestä", "Muumipappa ja meri", "Fänrik Ståls sägner", "Sinuhe")


def _months(count):
    now = dt.datetime.now(dt.UTC)
    index = now.year * 12 + now.month - 1
    return [dt.datetime((index - n) // 12, (index - n) % 12 + 1, 10, 12, tzinfo=dt.UTC) for n in range(count)][::-1]


@pytest.fixture(scope="module")
def portal(sqlite_engine):
    with sessionmaker(bind=sqlite_engine)() as session, session.begin():
        if session.get(Municipality, "091") is None:
            load_municipalities(session)
        if session.scalar(select(StaffUser).where(StaffUser.username == NATIONAL_ADMINS[0])) is None:
            # One administrator per test: a TOTP code is accepted once, and two logins may fall in one step.
            for username in NATIONAL_ADMINS:
                add_staff(session, username, "national_admin", None, password=PASSWORD)
            session.add(Vendor(name="stats-vendor", title="Kirjatoimittaja", origin="domestic"))
            session.flush()
            run = SyncRun(
                vendor_name="stats-vendor",
                mode="incremental",
                status="ok_with_errors",
                started_at=dt.datetime.now(dt.UTC),
                records_seen=120,
                records_written=30,
                records_failed=1,
            )
            session.add(run)
            session.flush()
            session.add(SyncError(run_id=run.id, vendor_key="bad-1", message="no title", excerpt="{}"))
            publications = []
            for number, title in enumerate(TITLES):
                medium = "audiobook" if number % 2 else "ebook"
                pub = Publication(
                    work=Work(key=f"stats-browser:{number}", title=title),
                    vendor_name="stats-vendor",
                    vendor_key=f"sb{number}",
                    record_hash="0" * 32,
                    medium=medium,
                    title=title,
                    sort_title=title.lower(),
                    language="sv" if "Ståls" in title else "fi",
                    synced_at=dt.datetime.now(dt.UTC),
                )
                session.add(pub)
                publications.append(pub)
            session.flush()
            for month_number, month in enumerate(_months(12)):
                for code, share in (("091", 9), ("837", 5), ("564", 3), ("092", 4)):
                    for n in range(share + month_number):
                        pub = publications[n % len(publications)]
                        for kind in ("loan", "return") if n % 3 else ("loan", "hold"):
                            session.add(
                                CirculationEvent(
                                    kind=kind,
                                    at=month,
                                    publication_id=pub.id,
                                    vendor_name=pub.vendor_name,
                                    medium=pub.medium,
                                    language=pub.language,
                                    municipality_code=code,
                                )
                            )
                    session.add(PatronEvent(kind="patron_registered", at=month, municipality_code=code))
                    for _ in range(share):
                        session.add(PatronEvent(kind="patron_active", at=month, municipality_code=code))
            session.flush()
            refresh(session, settle=dt.timedelta(0))
    settings = base_settings(str(sqlite_engine.url), **{"ebiblio.engine": sqlite_engine})
    with serve_on_loopback(make_app(settings, core_plugins())) as url:
        yield url.rstrip("/")


def log_in_national_admin(page, portal, username):
    """A national administrator's login: username and password, then the code from the authenticator app."""
    page.goto(portal + "/henkilokunta/kirjaudu?lang=en")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=re.compile("Log in")).click()
    page.wait_for_url(re.compile(r"/henkilokunta/kirjaudu/koodi$"))
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("main").get_by_role("button", name=re.compile("Log in")).click()
    page.wait_for_url(re.compile(r"/hallinta"))


def test_the_national_statistics_page_shows_named_charts(page, portal):
    log_in_national_admin(page, portal, NATIONAL_ADMINS[0])
    page.get_by_role("link", name="Service statistics").click()
    page.wait_for_url(re.compile(r"/hallinta/tilastot"))
    assert page.get_by_role("heading", level=1).inner_text() == "Service statistics"
    for name in (
        "Loans, returns and holds by month",
        "New and active patrons by month",
        "Loans by municipality (the 25 with most loans)",
        "Loans by medium",
        "Loans by language",
        "Loans by vendor",
        "Most borrowed titles",
    ):
        chart = page.get_by_role("img", name=name)
        assert chart.count() == 1, name
        assert chart.evaluate("node => node.tagName.toLowerCase()") == "svg"
    assert page.locator("svg.chart rect").count() > 24
    assert page.get_by_role("table", name="Loans by medium").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "statistics-national")
    page.set_viewport_size({"width": 320, "height": 800})
    assert axe_violations(page) == []


def test_the_vendor_operations_pages_are_accessible(page, portal):
    log_in_national_admin(page, portal, NATIONAL_ADMINS[1])
    page.goto(portal + "/hallinta/toimittajat?lang=en")
    assert page.get_by_role("heading", level=1).inner_text() == "Vendors"
    assert "Kirjatoimittaja" in page.get_by_role("table").inner_text()
    assert axe_violations(page) == []
    page.goto(portal + "/hallinta/toimittajat/lisenssit?lang=en")
    assert axe_violations(page) == []
    screenshot(page, "vendor-operations-licenses")
