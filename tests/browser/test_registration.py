"""Registering through the sandbox identity provider in a real Chromium, then logging in with library ID and PIN."""

import datetime as dt
import re

import pytest
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.models import Municipality
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.testing.browser import axe_violations, screenshot

from ..conftest import base_settings, core_plugins, make_app

oidc_plugin = pytest.importorskip("ebiblio_identity_oidc.plugin")
pytestmark = pytest.mark.browser


class LateApp:
    """The portal must know its own loopback address (the identity provider redirects there) before it is built."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture(scope="module")
def portal(sqlite_engine):
    with sessionmaker(bind=sqlite_engine)() as session, session.begin():
        load_municipalities(session)
        session.get(Municipality, "092").access_start = dt.date(2024, 4, 23)
    holder = LateApp()
    with serve_on_loopback(holder) as url:
        settings = base_settings(
            str(sqlite_engine.url),
            **{
                "ebiblio.engine": sqlite_engine,
                "ebiblio.public_url": url.rstrip("/"),
                "ebiblio.identity.oidc.issuer": "sandbox",
            },
        )
        holder.app = make_app(settings, core_plugins(oidc_plugin))
        yield url.rstrip("/")


def test_register_through_the_sandbox_then_log_in_with_library_id_and_pin(page, portal):
    page.goto(portal + "/rekisteroidy?lang=en")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Strong identification").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Sandbox identification"
    page.get_by_label("Maija Mäkinen").check()
    page.get_by_role("button", name="Identify").click()
    page.wait_for_url(re.compile(r"/tili/pin$"))
    welcome = page.get_by_role("status").inner_text()
    library_id = re.search(r"Your library ID is (\d{10})", welcome).group(1)
    page.get_by_label("New PIN", exact=True).fill("5829")
    page.get_by_label("New PIN again").fill("5829")
    page.get_by_role("button", name="Save PIN").click()
    page.wait_for_url(re.compile(r"/tili$"))
    assert "Maija Mäkinen" in page.locator("main").inner_text()
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert "You have logged out." in page.get_by_role("status").inner_text()

    page.goto(portal + "/kirjaudu?lang=en")
    assert axe_violations(page) == []
    page.get_by_label("Library ID").fill(library_id)
    page.get_by_label("PIN", exact=True).fill("5829")
    page.get_by_role("main").get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(re.compile(r"/tili$"))
    assert library_id in page.locator("main").inner_text()
    screenshot(page, "registration-my-account")


def test_a_wrong_pin_is_announced_and_the_page_stays_accessible(page, portal):
    page.goto(portal + "/kirjaudu?lang=en")
    page.get_by_label("Library ID").fill("1234567897")
    page.get_by_label("PIN", exact=True).fill("0000")
    page.get_by_role("main").get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.inner_text() == "The library ID or PIN is wrong."
    assert axe_violations(page) == []


def test_the_refusal_for_a_municipality_that_has_not_joined_is_accessible(page, portal):
    page.goto(portal + "/rekisteroidy?lang=en")
    page.get_by_role("button", name="Strong identification").click()
    page.get_by_label("Anna Ahlberg").check()
    page.get_by_role("button", name="Identify").click()
    page.wait_for_load_state()
    assert "Porvoo has not joined the e-library" in page.locator("main").inner_text()
    assert axe_violations(page) == []
