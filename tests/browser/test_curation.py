"""Curation in a real Chromium: a librarian makes a pick list and a book tip, a patron of the town sees them.

axe-core runs on the municipality's page and on every staff page the librarian used.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.models import Municipality, Patron, StaffRole, StaffUser
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.search import index_for, index_updater
from ebiblio_portal.security.passwords import hash_secret
from ebiblio_portal.testing.browser import axe_violations, screenshot

from ..conftest import base_settings, make_app
from ..unit.test_sync import ScriptedVendor
from .test_front_page import titles

pytestmark = pytest.mark.browser
LIBRARY_ID = "1234567897"
PIN = "8642"
PASSWORD = "kirjasto-salasana-2026"


@pytest.fixture(scope="module")
def portal(sqlite_engine):
    with sessionmaker(bind=sqlite_engine)() as session, session.begin():
        load_municipalities(session)
        session.get(Municipality, "837").access_start = dt.date(2024, 4, 23)
        librarian = StaffUser(username="liisa", display_name="Liisa Lukija", password_hash=hash_secret(PASSWORD))
        librarian.roles.append(StaffRole(role="librarian", municipality_code="837"))
        session.add(librarian)
        session.add(
            Patron(
                library_id=LIBRARY_ID,
                identity_hash="c" * 64,
                given_name="Aino",
                family_name="Lukija",
                municipality_code="837",
                pin_hash=hash_secret(PIN),
                language="fi",
                status="active",
            )
        )
    on_change = index_updater(index_for("sqlite"))
    CatalogueSync(sessionmaker(bind=sqlite_engine), ScriptedVendor([titles()]), on_change=on_change).run(full=True)
    app = make_app(base_settings(str(sqlite_engine.url), **{"ebiblio.engine": sqlite_engine}))
    with serve_on_loopback(app) as url:
        yield url.rstrip("/")


def no_violations(page, name):
    found = axe_violations(page)
    assert found == [], (name, found)


def test_a_librarian_publishes_picks_and_a_tip_that_a_patron_of_the_town_sees(page, portal):
    page.goto(portal + "/henkilokunta/kirjaudu?lang=en")
    page.fill("#username", "liisa")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(re.compile(r".*/hallinta$"))
    page.get_by_role("link", name="Tampere").click()
    page.get_by_role("link", name="Front-page picks").click()
    no_violations(page, "picks")
    page.get_by_role("link", name="New pick list").click()
    page.get_by_label("Title in Finnish").fill("Kevään klassikot")
    page.get_by_label("Title in Swedish").fill("Vårens klassiker")
    page.get_by_label("Text in Finnish").fill("Kirjastonhoitajien valinnat keväälle.")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "The pick list was saved as a draft" in page.content()
    page.get_by_label("Search the collection").fill("veljestä")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.get_by_role("button", name="Add to the list").first.click()
    assert "Added to the list: Seitsemän veljestä" in page.content()
    no_violations(page, "pick list form")
    page.get_by_role("button", name="Publish", exact=True).click()
    assert "The pick list is published." in page.content()

    page.get_by_role("link", name="Tampere").click()
    page.get_by_role("link", name="Book tips").click()
    no_violations(page, "tips")
    page.get_by_role("link", name="New book tip").click()
    page.get_by_label("Find the title in the collection").fill("veljestä")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.get_by_role("link", name=re.compile("Choose.*Seitsemän veljestä")).click()
    page.get_by_label("Tip in Finnish").fill("Seitsemän veljeksen seikkailut metsässä – lue ääneen!")
    no_violations(page, "tip form")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "The book tip was saved as a draft." in page.content()
    page.get_by_role("button", name="Publish", exact=True).click()
    assert "The book tip is published." in page.content()
    page.get_by_role("button", name="Log out").click()

    page.goto(portal + "/kirjaudu?lang=en")
    page.fill("#library_id", LIBRARY_ID)
    page.fill("#pin", PIN)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_load_state()
    page.goto(portal + "/kunta/tampere?lang=fi")
    main = page.locator("main").inner_text()
    assert "Kevään klassikot" in main and "Kirjastonhoitajien valinnat keväälle." in main
    assert "Seitsemän veljeksen seikkailut metsässä" in main and "Liisa Lukija, Tampere" in main
    no_violations(page, "municipality page")
    screenshot(page, "curation-municipality-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "curation-municipality-360")
    page.get_by_role("link", name="Seitsemän veljestä").first.click()
    assert "Seitsemän veljeksen seikkailut metsässä" in page.locator("main").inner_text()
    no_violations(page, "title page")


def test_content_pages_and_wishes_pass_axe(page, portal):
    page.goto(portal + "/kirjaudu?lang=en")
    page.fill("#library_id", LIBRARY_ID)
    page.fill("#pin", PIN)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_load_state()
    page.goto(portal + "/tili/toiveet?lang=en")
    no_violations(page, "my wishes, empty")
    page.get_by_label("Acquisition wish").check()
    page.get_by_label("Title (for a wish)").fill("Tuntematon sotilas")
    page.get_by_role("button", name="Send", exact=True).click()
    assert "Thank you." in page.content()
    no_violations(page, "my wishes")
    page.get_by_role("button", name="Log out").click()

    page.goto(portal + "/henkilokunta/kirjaudu?lang=en")
    page.fill("#username", "liisa")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(re.compile(r".*/hallinta$"))
    page.goto(portal + "/hallinta/kunta/837/toiveet?lang=en")
    assert "Tuntematon sotilas" in page.content()
    no_violations(page, "wishes")
    page.get_by_label("Answer").fill("Hankimme sen.")
    page.get_by_role("button", name="Send the answer").click()
    assert "The answer was sent." in page.content()
    page.goto(portal + "/hallinta/kunta/837/sivut?lang=en")
    no_violations(page, "pages")
    page.get_by_role("link", name="New page").click()
    page.get_by_role("button", name="Save as a draft").click()
    assert page.locator(".error-summary").count() == 1
    no_violations(page, "page form with errors")
    page.get_by_label("Address").fill("yhteystiedot")
    page.get_by_label("Kind").select_option("contact")
    page.get_by_label("Title in Finnish").fill("Yhteystiedot")
    page.get_by_label("Text in Finnish").fill("# Pääkirjasto\n\nPuhelin **03 123 456**.")
    page.get_by_role("button", name="Save and publish").click()
    assert "The page was published." in page.content()
    no_violations(page, "page form")
    page.get_by_role("link", name="Versions").first.click()
    no_violations(page, "history")
    page.goto(portal + "/kunta/tampere/sivu/yhteystiedot?lang=sv")
    assert page.locator("h1").get_attribute("lang") == "fi"
    no_violations(page, "content page in the other language")
    # Deleting asks first, on a page of its own (no script needed).
    page.goto(portal + "/hallinta/kunta/837/nostot/uusi?lang=en")
    page.get_by_label("Title in Finnish").fill("Poistettava lista")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Delete the list").click()
    assert "Delete the pick list?" in page.content() and "Poistettava lista" in page.content()
    no_violations(page, "delete confirmation")
    page.get_by_role("button", name="Delete", exact=True).click()
    assert "The pick list was deleted." in page.content() and "Poistettava lista" not in page.content()
