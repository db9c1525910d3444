import datetime as dt
import re

import pytest
import transaction
import webtest
from ebiblio_theme_kauniainen import plugin
from zope.interface.verify import verifyObject

from ebiblio_portal.interfaces import ITheme
from ebiblio_portal.models import Municipality
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.plugins import make_plugin_manager


def test_the_theme_is_a_theme_for_its_municipality():
    (theme,) = plugin.register_themes(settings={})
    assert verifyObject(ITheme, theme)
    assert theme.municipality_code == "235"


@pytest.fixture
def client(sqlite_engine, dbsession_sqlite):
    from ebiblio_portal.config import configure
    from ebiblio_portal.testing.fixtures import locale_plugins

    def make(with_theme=True):
        extra = locale_plugins() + ([plugin] if with_theme else [])
        settings = {
            "sqlalchemy.url": str(sqlite_engine.url),
            "ebiblio.engine": sqlite_engine,
            "ebiblio.secret": "s" * 40,
            "ebiblio.identity_key": "k" * 40,
            "ebiblio.secure_cookies": "false",
        }
        app = configure(settings, plugin_manager=make_plugin_manager(entry_points=False, extra=extra)).make_wsgi_app()
        manager = transaction.TransactionManager(explicit=True)
        return webtest.TestApp(
            app, extra_environ={"tm.active": True, "tm.manager": manager, "app.dbsession": dbsession_sqlite}
        )

    load_municipalities(dbsession_sqlite)
    dbsession_sqlite.get(Municipality, "235").access_start = dt.date(2024, 4, 23)
    dbsession_sqlite.flush()
    return make


@pytest.fixture
def dbsession_sqlite(sqlite_engine):
    from sqlalchemy.orm import Session

    connection = sqlite_engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    yield session
    session.close()
    outer.rollback()
    connection.close()


def test_the_municipality_pages_wear_the_theme(client):
    app = client()
    page = app.get("/kunta/kauniainen")
    assert 'href="/theme/kauniainen.css"' in page.text
    assert "Kauniaisten kaupunginkirjasto" in page.text
    assert "Grankulla stadsbibliotek" in app.get("/kommun/grankulla?lang=sv").text
    css = app.get("/theme/kauniainen.css")
    assert css.content_type == "text/css"
    assert "--color-primary: #0b4f3c;" in css.text
    assert re.search(r'--font-body: "Source Sans 3", system-ui, sans-serif;', css.text)
    assert app.get("/theme-static/kauniainen/logo.svg").status_code == 200
    # Other municipalities keep the national look.
    assert 'href="/theme/national.css"' in app.get("/kunta/helsinki").text


def test_removing_the_theme_falls_back_to_the_national_look(client):
    app = client(with_theme=False)
    page = app.get("/kunta/kauniainen")
    assert 'href="/theme/national.css"' in page.text
    assert "Kauniaisten kaupunginkirjasto" not in page.text


def test_a_hero_image_reaches_the_page_through_the_stylesheet():
    import dataclasses

    from ebiblio_portal.themes.services import tokens_css

    theme = dataclasses.replace(plugin.THEME, hero_image="/theme-static/kauniainen/hero.jpg")
    assert '--hero-image: url("/theme-static/kauniainen/hero.jpg");' in tokens_css(theme)
    hostile = dataclasses.replace(plugin.THEME, hero_image='/x.jpg"); } body { display: none')
    assert "--hero-image" not in tokens_css(hostile)
