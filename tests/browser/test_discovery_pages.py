"""Front, title and browse pages in a real Chromium: axe-core, 320 px without sideways scrolling, keyboard."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.models import Publication
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.testing.browser import axe_violations, screenshot

from ..catalog.conftest import OtherVendor, first_vendor_records, other_vendor_records
from ..conftest import base_settings, make_app, new_engine
from ..unit.test_sync import ScriptedVendor

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    engine, cleanup = new_engine("sqlite", tmp_path_factory)
    factory = sessionmaker(bind=engine)
    CatalogueSync(factory, ScriptedVendor([first_vendor_records()])).run(full=True)
    CatalogueSync(factory, OtherVendor([other_vendor_records()])).run(full=True)
    with factory() as session:
        ids = dict(session.execute(select(Publication.vendor_key, Publication.id)).all())
    app = make_app(base_settings(str(engine.url), **{"ebiblio.engine": engine}))
    with serve_on_loopback(app) as url:
        yield url.rstrip("/"), ids
    cleanup()


def pages(ids):
    return [
        "/",
        f"/teos/{ids['brothers-ebook']}",
        f"/teos/{ids['brothers-audio']}",
        f"/teos/{ids['moomin-2']}",
        "/selaa",
        "/selaa/aiheet",
        "/selaa/tekijat?letter=T",
        "/selaa/sarjat/Muumit",
        "/lehdet",
        "/lehdet/tekniikan-maailma",
    ]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_discovery_pages_pass_axe(page, portal, language):
    url, ids = portal
    for path in pages(ids):
        page.goto(f"{url}{path}{'&' if '?' in path else '?'}lang={language}")
        assert axe_violations(page) == [], path


def test_at_320_px_nothing_scrolls_sideways_but_the_lanes(chromium, portal):
    url, ids = portal
    context = chromium.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    for path in pages(ids):
        page.goto(f"{url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    page.goto(f"{url}/?lang=fi")
    lane = page.locator("section.lane .cards").first
    assert lane.evaluate("el => getComputedStyle(el).overflowX") == "auto", "a lane scrolls inside itself"
    assert screenshot(page, "front-page-320").exists()
    page.goto(f"{url}/teos/{ids['brothers-audio']}?lang=fi")
    assert screenshot(page, "title-page-320").exists()
    context.close()


def test_the_title_actions_are_reachable_by_keyboard(page, portal):
    url, ids = portal
    page.goto(f"{url}/teos/{ids['brothers-audio']}?lang=en")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.className"))
        if "action-sample" in reached[-1]:
            break
    assert "button action-sample" in reached
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus is visible"


def test_the_pages_work_without_javascript(chromium, portal):
    url, ids = portal
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}/?lang=en")
    page.get_by_role("link", name="Browse the collection").click()
    page.get_by_role("link", name="Series").click()
    page.get_by_role("link", name="M", exact=True).click()
    page.get_by_role("link", name="Muumit").click()
    page.get_by_role("link", name="Muumipeikko ja pyrstötähti").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Muumipeikko ja pyrstötähti"
    page.get_by_role("link", name="Next in the series: Muumilaakson marraskuu →").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Muumilaakson marraskuu"
    context.close()
