"""The search page in a real Chromium: facets work without JavaScript, 320 px without sideways scrolling, axe-core."""

import datetime as dt

import pytest
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.search import index_for, index_updater
from ebiblio_portal.testing.browser import axe_violations, screenshot
from ebiblio_portal.values import Audience, Contributor, LicenseTerms, Medium, PublicationRecord

from ..conftest import base_settings, make_app
from ..unit.test_sync import ScriptedVendor

pytestmark = pytest.mark.browser


def records():
    found = []
    for n in range(30):
        found.append(
            PublicationRecord(
                vendor_key=f"talo-{n}",
                medium=[Medium.EBOOK, Medium.AUDIOBOOK][n % 2],
                title=f"Talon tarina {n}" if n % 3 else f"Huset vid sjön {n}",
                language="fi" if n % 3 else "sv",
                audience=[Audience.ADULTS, Audience.CHILDREN, Audience.YOUNG][n % 3],
                contributors=(Contributor("Eeva Hämäläinen-Åkerlund"),),
                subjects=("Romaanit", "Historialliset romaanit ja kertomukset") if n % 2 else ("Talot",),
                published=dt.date(2000 + n % 20, 1, 1),
                licenses=(LicenseTerms(f"lic-{n}", concurrency=1),),
            )
        )
    return found


@pytest.fixture(scope="module")
def portal(sqlite_engine):
    factory = sessionmaker(bind=sqlite_engine)
    CatalogueSync(factory, ScriptedVendor([records()]), on_change=index_updater(index_for("sqlite"))).run(full=True)
    app = make_app(base_settings(str(sqlite_engine.url), **{"ebiblio.engine": sqlite_engine}))
    with serve_on_loopback(app) as url:
        yield url.rstrip("/")


def test_searching_and_filtering_without_javascript(chromium, portal):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(portal + "/?lang=en")
    page.get_by_label("Search e-books, audiobooks and magazines").fill("talo")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    assert "results for “talo”" in page.locator("main").inner_text()
    page.get_by_role("group", name="Format").get_by_label("Audiobook").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "medium=audiobook" in page.url
    assert page.get_by_role("link", name="Remove filter: Format: Audiobook").is_visible()
    page.get_by_label("Sort by").select_option("title")
    page.get_by_role("button", name="Sort", exact=True).click()
    page.wait_for_load_state()
    assert "sort=title" in page.url and "medium=audiobook" in page.url
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=talo&lang=en",
        "/search?q=talo&medium=audiobook&lang=fi",
        "/search?q=huset&lang=sv&page=2",
        "/search?q=kuningsa&lang=fi",
        "/search?q=&lang=en",
        "/search?q=talo&page=-1&sort=zz&lang=en",
    ],
)
def test_search_pages_pass_axe(page, portal, path):
    page.goto(portal + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [320, 360])
def test_phone_layout_has_no_sideways_scrolling_and_passes_axe(chromium, portal, width):
    context = chromium.new_context(viewport={"width": width, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(portal + "/search?q=talo&subject=Romaanit&lang=fi")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    assert screenshot(page, f"search-{width}").exists()
    context.close()
