"""Which look a page wears: municipality pages, host names, patrons' home municipalities, removed themes."""

import re

from ebiblio_portal.models import Municipality, MunicipalityTheme

from ..common.staff import HOME, csrf, log_in_as

PUBLISHED = re.compile(r'href="(/theme/kunta/837/[0-9a-f]{12}\.css)"')


def _publish(dbsession, code, theme, **tokens):
    choice = {"theme": theme, "tokens": tokens, "font": "system-ui", "logo": "", "hero": ""}
    dbsession.add(MunicipalityTheme(municipality_code=code, revision=3, draft=choice, published=choice))
    dbsession.flush()


def test_a_municipality_page_wears_its_published_look(testapp, dbsession, cast):
    _publish(dbsession, HOME, "national", **{"color-primary": "#004466"})
    (stylesheet,) = PUBLISHED.findall(testapp.get("/kunta/tampere").text)
    assert PUBLISHED.findall(testapp.get("/kommun/tammerfors").text) == [stylesheet]
    css = testapp.get(stylesheet)
    assert "--color-primary: #004466;" in css.text and "immutable" in css.headers["Cache-Control"]
    # An old URL still answers with the current look, cached only briefly.
    old = testapp.get("/theme/kunta/837/000000000000.css")
    assert old.text == css.text and old.headers["Cache-Control"] == "public, max-age=60"
    assert 'href="/theme/national.css"' in testapp.get("/kunta/helsinki").text
    assert 'href="/theme/national.css"' in testapp.get("/").text


def test_every_page_on_a_municipalitys_host_name_wears_its_look(testapp, dbsession, cast):
    dbsession.get(Municipality, "235").host_name = "kirjasto.kauniainen.fi"
    dbsession.flush()
    on_host = {"HTTP_HOST": "kirjasto.kauniainen.fi:443"}
    assert 'href="/theme/kauniainen.css"' in testapp.get("/", extra_environ=on_host).text
    assert 'href="/theme/kauniainen.css"' in testapp.get("/haku?q=x", extra_environ=on_host, status="*").text
    assert 'href="/theme/national.css"' in testapp.get("/").text


def test_a_patron_sees_the_home_municipalitys_theme_unless_they_chose_the_national_look(testapp, dbsession, cast):
    _publish(dbsession, HOME, "national", **{"color-primary": "#004466"})
    log_in_as(testapp, cast, "patron")
    assert PUBLISHED.search(testapp.get("/").text)
    # Another municipality's page still wears that municipality's look.
    assert 'href="/theme/national.css"' in testapp.get("/kunta/helsinki").text
    settings = testapp.get("/tili/asetukset?lang=en")
    assert "Show every page in the national look" in settings.text
    data = {"csrf_token": csrf(testapp, "/tili/asetukset"), "language": "fi", "email": "", "national_theme": "on"}
    testapp.post("/tili/asetukset", data, status=303)
    assert cast.patron.national_theme is True
    assert 'href="/theme/national.css"' in testapp.get("/").text
    assert 'name="national_theme" aria-describedby="national_theme-hint" checked' in testapp.get("/tili/asetukset").text


def test_a_removed_theme_falls_back_to_the_national_look_without_an_error(testapp, dbsession, cast):
    dbsession.get(Municipality, HOME).theme_name = "uninstalled"
    _publish(dbsession, HOME, "uninstalled")
    assert 'href="/theme/national.css"' in testapp.get("/kunta/tampere").text
    testapp.get("/theme/kunta/837/000000000000.css", status=404)


def test_a_theme_made_for_another_municipality_is_never_worn(testapp, dbsession, cast):
    _publish(dbsession, HOME, "kauniainen")
    assert 'href="/theme/national.css"' in testapp.get("/kunta/tampere").text


def test_the_preview_parameter_is_ignored_for_everyone_but_the_municipalitys_staff(testapp, dbsession, cast):
    choice = {"theme": "national", "tokens": {"color-primary": "#004466"}, "font": "Georgia", "logo": "", "hero": ""}
    dbsession.add(MunicipalityTheme(municipality_code=HOME, revision=0, draft=choice))
    dbsession.flush()
    for who in ("anonymous", "patron", "librarian", "other_admin"):
        testapp.reset()
        log_in_as(testapp, cast, who)
        page = testapp.get("/kunta/tampere?esikatselu=1")
        assert "luonnos.css" not in page.text, who
    testapp.reset()
    log_in_as(testapp, cast, "national_admin")
    assert "/hallinta/kunta/837/teema/luonnos.css" in testapp.get("/kunta/tampere?esikatselu=1").text
