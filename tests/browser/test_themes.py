"""Municipal themes in a real Chromium: both example themes at 360 and 1280 px, axe-core, draft preview."""

import pytest
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.models import Municipality, MunicipalityTheme
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.testing.browser import axe_violations, screenshot

from ..common.staff import OPENING, PASSWORD, add_staff
from ..conftest import base_settings, core_plugins, make_app, new_engine
from ..themes.conftest import THEMES

pytestmark = pytest.mark.browser

PUBLISHED = {"theme": "jakobstad", "tokens": {}, "font": "Atkinson Hyperlegible", "logo": "", "hero": ""}
PUBLISHED["logo"] = "/theme-static/jakobstad/logo.svg"
DRAFT = dict(PUBLISHED, tokens={"color-primary": "#5a1e6e"})


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    from ebiblio_theme_kauniainen import plugin as kauniainen

    engine, cleanup = new_engine("sqlite", tmp_path_factory)
    with sessionmaker(bind=engine)() as session:
        load_municipalities(session)
        for code in ("598", "235"):
            session.get(Municipality, code).access_start = OPENING
        session.add(MunicipalityTheme(municipality_code="598", revision=1, published=PUBLISHED, draft=DRAFT))
        add_staff(session, "jakobstad_admin", "municipal_admin", "598")
        session.commit()
    settings = base_settings(str(engine.url), **{"ebiblio.engine": engine, "ebiblio.theme_folders": THEMES})
    app = make_app(settings, core_plugins(kauniainen))
    with serve_on_loopback(app) as url:
        yield url.rstrip("/")
    cleanup()


def _primary(page):
    return page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim()")


@pytest.mark.parametrize(
    ("path", "name"), [("/kommun/jakobstad?lang=sv", "jakobstad"), ("/kunta/kauniainen", "kauniainen")]
)
@pytest.mark.parametrize("width", [360, 1280])
def test_themed_municipality_pages_at_phone_and_desktop_widths(chromium, portal, path, name, width):
    context = chromium.new_context(viewport={"width": width, "height": 800}, locale="fi-FI")
    page = context.new_page()
    page.goto(portal + path)
    assert page.evaluate("document.body.className") == f"theme-{name}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("img.logo").evaluate("img => img.complete && img.naturalWidth > 0")
    assert axe_violations(page) == []
    assert screenshot(page, f"theme-{name}-{width}").exists()
    context.close()


def test_the_preview_shows_the_draft_while_the_public_page_shows_the_published_look(page, portal):
    page.goto(portal + "/kunta/pietarsaari")
    assert _primary(page) == "#1d3a6e"
    page.goto(portal + "/henkilokunta/kirjaudu?lang=en")
    page.fill("#username", "jakobstad_admin")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in", exact=True).click()
    page.goto(portal + "/hallinta/kunta/598/teema?lang=en")
    assert axe_violations(page) == []
    screenshot(page, "theme-staff-page")
    page.get_by_role("link", name="Preview the draft").click()
    # The stylesheets have arrived by the load event; a click alone may return before them.
    page.wait_for_url("**esikatselu=1*")
    page.wait_for_load_state("load")
    assert _primary(page) == "#5a1e6e"
    assert page.locator(".preview-notice").is_visible()
    screenshot(page, "theme-preview")
    assert axe_violations(page) == []
    page.goto(portal + "/kunta/pietarsaari")
    assert _primary(page) == "#1d3a6e"
