"""The front page, languages, health, security headers and friendly errors, through the whole stack."""

import re

import pytest

from ebiblio_portal import hookimpl
from ebiblio_portal.municipalities.registry import load_municipalities

from ..conftest import base_settings, core_plugins, make_app


def html_lang(response):
    return re.search(r'<html lang="(\w+)">', response.text).group(1)


def test_the_front_page_is_finnish_by_default(testapp):
    response = testapp.get("/")
    assert response.status_code == 200
    assert html_lang(response) == "fi"
    assert "<title>Etusivu – E-kirjasto</title>" in response.text
    assert response.headers["Content-Language"] == "fi"


def test_lang_sets_the_language_and_remembers_it(testapp):
    response = testapp.get("/?lang=sv")
    assert html_lang(response) == "sv" and "E-biblioteket" in response.text
    assert "ebiblio_lang=sv" in response.headers["Set-Cookie"]
    again = testapp.get("/search")
    assert html_lang(again) == "sv"
    assert html_lang(testapp.get("/?lang=en")) == "en"
    assert html_lang(testapp.get("/")) == "en"


def test_accept_language_is_honoured_when_nothing_was_chosen(testapp):
    assert html_lang(testapp.get("/", headers={"Accept-Language": "sv-FI, sv;q=0.9, en;q=0.5"})) == "sv"
    assert html_lang(testapp.get("/", headers={"Accept-Language": "de, fr"})) == "fi"


def test_an_unknown_language_is_ignored(testapp):
    response = testapp.get("/?lang=xx")
    assert html_lang(response) == "fi" and "Set-Cookie" not in response.headers


def test_the_language_switch_links_every_language(testapp):
    response = testapp.get("/search?q=kivi")
    for code in ("fi", "sv", "en"):
        assert f'hreflang="{code}"' in response.text
    assert "lang=sv" in response.text and "q=kivi" in response.text


def test_security_headers_on_every_page(testapp):
    headers = testapp.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_healthz_answers_with_json(testapp):
    response = testapp.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    import webtest

    settings = base_settings("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    app = webtest.TestApp(make_app(settings))
    response = app.get("/healthz", status=503)
    assert response.json == {"status": "unavailable", "database": "unreachable", "vendors": []}


def test_a_page_without_the_database_is_a_friendly_503(tmp_path):
    import webtest

    settings = base_settings("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    app = webtest.TestApp(make_app(settings))
    response = app.get("/", status=503)
    assert "Palvelu on tilapäisesti poissa käytöstä" in response.text


def test_not_found_is_a_friendly_page_in_the_language(testapp):
    response = testapp.get("/ei-ole?lang=sv", status=404)
    assert "Sidan hittades inte" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "/search?q=" + "a" * 10_000,
        "/search?q=kivi&page=-3",
        "/search?q=kivi&page=zz",
        "/search?q=%00%ff%fe",
        "/search?q=\u202e\u0301\U0001f600",
        "/search?lang=%00",
    ],
)
def test_bad_search_parameters_give_a_page_not_a_500(testapp, query):
    response = testapp.get(query)
    assert response.status_code == 200
    assert "<h1>Hae</h1>" in response.text


def test_a_long_query_is_cut_and_said_so(testapp):
    response = testapp.get("/search?q=" + "kivi " * 100)
    assert "vain alku" in response.text


def test_municipality_pages_in_finnish_and_swedish(testapp, dbsession):
    load_municipalities(dbsession)
    assert "ei ole liittynyt" in testapp.get("/kunta/hameenlinna").text
    response = testapp.get("/kommun/tavastehus?lang=sv")
    assert "Tavastehus" in response.text and html_lang(response) == "sv"
    testapp.get("/kunta/no-such-place", status=404)


class ChangeSomething:
    """A plugin page that changes state, to prove CSRF is on by default for every view."""

    @staticmethod
    @hookimpl
    def register_routes(config):
        config.add_route("change", "/change")
        config.add_view(
            lambda request: {"token": request.session.get_csrf_token()},
            route_name="change",
            request_method="GET",
            renderer="json",
        )
        config.add_view(lambda request: {"changed": True}, route_name="change", request_method="POST", renderer="json")


def test_state_changes_need_a_csrf_token(app_settings, dbsession):
    import transaction
    import webtest

    app = make_app(app_settings, core_plugins(ChangeSomething()))
    manager = transaction.TransactionManager(explicit=True)
    client = webtest.TestApp(app, extra_environ={"tm.active": True, "tm.manager": manager, "app.dbsession": dbsession})
    token = client.get("/change").json["token"]
    refused = client.post("/change", {}, status=400)
    assert "Lomake vanheni" in refused.text
    client.post("/change", {}, headers={"X-CSRF-Token": "forged"}, status=400)
    assert client.post("/change", {"csrf_token": token}).json == {"changed": True}


@pytest.mark.parametrize("raw", ["q=\xff\xfe", "q=aakkosj\xc3\xa4rjestys", "q=a\x00b", "q=%C3%28"])
def test_raw_bytes_in_the_query_string_give_a_page(testapp, raw):
    # WebTest would percent-encode a URL; a real server hands over the raw bytes (as latin-1).
    response = testapp.get("/search", extra_environ={"QUERY_STRING": raw})
    assert response.status_code == 200
