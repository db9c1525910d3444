"""The front page in a real Chromium: languages, keyboard, layout at 360 px, and axe-core."""

import datetime as dt

import pytest
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.search import index_for, index_updater
from ebiblio_portal.testing.browser import axe_violations, screenshot
from ebiblio_portal.values import Audience, Contributor, Medium, PublicationRecord

from ..conftest import base_settings, make_app
from ..unit.test_sync import ScriptedVendor

pytestmark = pytest.mark.browser


def titles():
    classics = [
        ("kivi-7", "Seitsemän veljestä", "Aleksis Kivi", "fi", Medium.EBOOK, Audience.ADULTS),
        ("runeberg-fs", "Fänrik Ståls sägner", "Johan Ludvig Runeberg", "sv", Medium.EBOOK, Audience.ADULTS),
        ("canth-tp", "Työmiehen vaimo", "Minna Canth", "fi", Medium.AUDIOBOOK, Audience.ADULTS),
        ("topelius-ls", "Läsning för barn", "Zacharias Topelius", "sv", Medium.EBOOK, Audience.CHILDREN),
    ]
    return [
        PublicationRecord(
            vendor_key=key,
            medium=medium,
            title=title,
            language=language,
            audience=audience,
            contributors=(Contributor(author),),
            published=dt.date(2020, 1, 1),
        )
        for key, title, author, language, medium, audience in classics
    ]


@pytest.fixture(scope="module")
def portal(sqlite_engine):
    with sessionmaker(bind=sqlite_engine)() as session, session.begin():
        load_municipalities(session)
    on_change = index_updater(index_for("sqlite"))  # as `ebiblio sync` does: the search index follows
    CatalogueSync(sessionmaker(bind=sqlite_engine), ScriptedVendor([titles()]), on_change=on_change).run(full=True)
    app = make_app(base_settings(str(sqlite_engine.url), **{"ebiblio.engine": sqlite_engine}))
    with serve_on_loopback(app) as url:
        yield url.rstrip("/")


def html_lang(page):
    return page.evaluate("document.documentElement.lang")


def test_finnish_first_then_swedish_remembered(page, portal):
    page.goto(portal + "/")
    assert html_lang(page) == "fi"
    assert page.title() == "Etusivu – E-kirjasto"
    page.get_by_role("link", name="På svenska").click()
    page.wait_for_load_state()
    assert html_lang(page) == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "E-böcker, e-ljudböcker och e-tidningar för alla"
    page.goto(portal + "/")
    assert html_lang(page) == "sv", "the choice is remembered"


def test_search_from_the_front_page_finds_a_classic(page, portal):
    page.goto(portal + "/?lang=fi")
    page.get_by_label("Hae e-kirjoja, e-äänikirjoja ja e-lehtiä").fill("veljestä")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Seitsemän veljestä" in page.locator("main").inner_text()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page, portal):
    page.goto(portal + "/?lang=fi")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Siirry sisältöön"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "path", ["/?lang=fi", "/?lang=sv", "/search?q=kivi&lang=fi", "/kunta/hameenlinna?lang=fi", "/ei-ole?lang=fi"]
)
def test_pages_pass_axe(page, portal, path):
    page.goto(portal + path)
    assert axe_violations(page) == []


def test_the_phone_layout_has_no_sideways_scrolling(chromium, portal):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(portal + "/?lang=fi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert screenshot(page, "front-page-360").exists()
    context.close()
