"""Borrowing in a real Chromium: log in, search, borrow, open the reader link, return (and axe-core on my loans)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.interfaces import IContentProvider, ISearchIndex
from ebiblio_portal.models import Municipality, Patron
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.search import index_updater
from ebiblio_portal.security.passwords import hash_secret
from ebiblio_portal.services import lookup
from ebiblio_portal.testing.browser import axe_violations, screenshot

from ..conftest import base_settings, core_plugins, make_app, new_engine

odl_plugin = pytest.importorskip("ebiblio_vendor_odl.plugin")
pytestmark = pytest.mark.browser
LIBRARY_ID = "1234567897"
PIN = "8642"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    engine, cleanup = new_engine("sqlite", tmp_path_factory)
    holder = Holder()
    with serve_on_loopback(holder) as url:
        # The sandbox vendor's links (the reader) are built on the public address, so it must be this server's.
        settings = base_settings(
            str(engine.url),
            **{
                "ebiblio.engine": engine,
                "ebiblio.public_url": url.rstrip("/"),
                "ebiblio.vendor.odl.url": "sandbox",
                "ebiblio.vendor.odl.sandbox_size": "12",
            },
        )
        holder.app = app = make_app(settings, core_plugins(odl_plugin))
        prepare(app)
        yield url.rstrip("/")
    cleanup()


class Holder:
    """Serves the app made once the server's address is known."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


def prepare(app):
    factory = app.registry["db.session_factory"]
    with factory.begin() as session:
        load_municipalities(session)
        session.get(Municipality, "091").access_start = dt.date(2024, 4, 23)
        session.add(
            Patron(
                library_id=LIBRARY_ID,
                identity_hash="b" * 64,
                given_name="Aino",
                family_name="Lukija",
                municipality_code="091",
                pin_hash=hash_secret(PIN),
                language="en",
                status="active",
            )
        )
    provider = lookup(app.registry, IContentProvider, name="odl")
    CatalogueSync(factory, provider, on_change=index_updater(lookup(app.registry, ISearchIndex))).run(full=True)


def test_log_in_search_borrow_read_and_return(page, portal):
    page.goto(portal + "/kirjaudu?lang=en")
    page.fill("#library_id", LIBRARY_ID)
    page.fill("#pin", PIN)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_load_state()
    page.fill("#site-search", "Nummisuutarit")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Nummisuutarit").first.click()
    page.get_by_role("button", name="Borrow", exact=True).click()
    page.wait_for_url(re.compile(r".*/lainat$"))
    assert "You borrowed Nummisuutarit" in page.content()
    # axe with the status message showing, then without it.
    assert axe_violations(page) == []
    page.goto(portal + "/lainat")
    assert axe_violations(page) == []
    screenshot(page, "circulation-my-loans")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Read")).click()
    # The vendor answers the reader link with the loan's LCP license document.
    assert "/sandbox/odl/loans/" in page.url and "license" in page.url
    page.goto(portal + "/lainat")
    page.get_by_role("button", name=re.compile("^Return")).click()
    page.wait_for_url(re.compile(r".*/lainat$"))
    assert "The loan was returned" in page.content()
    assert "You have no loans." in page.content()
