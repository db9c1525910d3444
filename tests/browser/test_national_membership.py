"""A national administrator (password and TOTP code) marks a municipality joined; then its resident can register."""

import re

import pyotp
import pytest
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.models import Municipality
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.testing.browser import axe_violations, screenshot

from ..common.staff import PASSWORD, TOTP_SECRET, add_staff
from ..conftest import base_settings, core_plugins, make_app, new_engine

oidc_plugin = pytest.importorskip("ebiblio_identity_oidc.plugin")
pytestmark = pytest.mark.browser
ESPOO = "049"  # the sandbox's Elias Lindqvist lives there


class LateApp:
    """The portal must know its own loopback address (the identity provider redirects there) before it is built."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    # An engine of its own: joining Espoo must not leak into the other browser tests' registry.
    engine, cleanup = new_engine("sqlite", tmp_path_factory)
    with sessionmaker(bind=engine)() as session, session.begin():
        load_municipalities(session)
        add_staff(session, "kansallinen", "national_admin")
        add_staff(session, "uusi-kansallinen", "national_admin", totp_secret=False)
    holder = LateApp()
    with serve_on_loopback(holder) as url:
        settings = base_settings(
            str(engine.url),
            **{
                "ebiblio.engine": engine,
                "ebiblio.public_url": url.rstrip("/"),
                "ebiblio.identity.oidc.issuer": "sandbox",
            },
        )
        holder.app = make_app(settings, core_plugins(oidc_plugin))
        yield url.rstrip("/"), engine
    cleanup()


def identify_as_elias(page, portal_url):
    page.goto(portal_url + "/rekisteroidy?lang=en")
    page.get_by_role("button", name="Strong identification").click()
    page.wait_for_load_state()
    page.get_by_label("Elias Lindqvist").check()
    page.get_by_role("button", name="Identify").click()
    page.wait_for_load_state()


def test_a_municipality_joined_today_lets_its_resident_register(page, portal):
    portal_url, engine = portal
    identify_as_elias(page, portal_url)
    assert "Espoo has not joined the e-library" in page.locator("main").inner_text()
    page.context.clear_cookies()

    page.goto(portal_url + "/henkilokunta/kirjaudu?lang=en")
    page.get_by_label("Username").fill("kansallinen")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/henkilokunta/kirjaudu/koodi$"))
    assert axe_violations(page) == []
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/hallinta$"))
    page.get_by_role("link", name="Municipalities and membership").click()
    page.wait_for_url(re.compile(r"/hallinta/kunnat"))
    page.get_by_label("Name or code").fill("esbo")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Espoo").click()
    page.wait_for_url(re.compile(rf"/hallinta/kunnat/{ESPOO}$"))
    today = page.evaluate("new Date().toLocaleDateString('sv-SE', {timeZone: 'Europe/Helsinki'})")
    page.get_by_label("Access starts").fill(today)
    page.get_by_role("main").get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "The membership of Espoo was saved." in page.get_by_role("status").inner_text()
    assert page.locator("#membership-status").inner_text() == "Member"
    assert axe_violations(page) == []
    screenshot(page, "national-membership")

    page.goto(portal_url + "/hallinta/maksut?lang=en")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Invoice 2026").click()
    page.wait_for_load_state()
    assert "Espoo" in page.locator("table").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "national-invoice")
    page.context.clear_cookies()

    identify_as_elias(page, portal_url)
    page.wait_for_url(re.compile(r"/tili/pin$"))
    assert re.search(r"Your library ID is \d{10}", page.get_by_role("status").inner_text())
    with sessionmaker(bind=engine)() as session:
        assert session.get(Municipality, ESPOO).access_start.isoformat() == today


def test_a_national_administrator_without_two_step_login_enrols_first(page, portal):
    portal_url, _engine = portal
    page.goto(portal_url + "/henkilokunta/kirjaudu?lang=en")
    page.get_by_label("Username").fill("uusi-kansallinen")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/henkilokunta/kaksivaihe$"))
    assert page.locator("figure svg").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "national-totp-enrolment")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step login").click()
    page.wait_for_url(re.compile(r"/hallinta$"))
    assert "Two-step login is on." in page.get_by_role("status").inner_text()
