"""Login with library ID and PIN: one answer for every failure, back-off, CSRF, no session fixation, logout."""

import re

import webtest
from sqlalchemy import select

from ebiblio_portal.models import LoginSession, RateLimit

from ..conftest import core_plugins, make_app
from .conftest import oidc_plugin
from .helpers import csrf, log_in, log_out, register


def error_of(page):
    return re.search(r'role="alert">([^<]+)<', page.text).group(1)


def test_unknown_id_and_wrong_pin_get_the_same_answer(portal):
    patron = register(portal, "matti")
    log_out(portal)
    wrong_pin = log_in(portal, patron.library_id, "1111", status=400)
    unknown = log_in(portal, "1234567897", "8642", status=400)
    not_an_id = log_in(portal, "hello", "8642", status=400)
    assert error_of(wrong_pin) == error_of(unknown) == error_of(not_an_id) == "The library ID or PIN is wrong."


def test_the_library_id_may_be_typed_with_spaces(portal):
    patron = register(portal, "matti")
    log_out(portal)
    spaced = " ".join([patron.library_id[:4], patron.library_id[4:]])
    assert log_in(portal, spaced, "8642").location.endswith("/tili")


def test_brute_force_on_one_account_is_locked_out_even_with_the_right_pin(portal):
    patron = register(portal, "matti")
    log_out(portal)
    for _ in range(5):
        log_in(portal, patron.library_id, "0000", status=400)
    locked = log_in(portal, patron.library_id, "0001", status=429)
    assert "Too many failed attempts. Try again in 1 min." in locked.text
    assert "Too many failed attempts" in log_in(portal, patron.library_id, "8642", status=429).text
    assert portal.get("/tili", status=303)


def test_an_unknown_library_id_is_locked_out_the_same_way(portal):
    for _ in range(5):
        log_in(portal, "1234567897", "0000", status=400)
    assert "Too many failed attempts" in log_in(portal, "1234567897", "0000", status=429).text


def test_a_good_login_clears_the_failures_of_the_account(portal):
    patron = register(portal, "matti")
    log_out(portal)
    for _ in range(4):
        log_in(portal, patron.library_id, "0000", status=400)
    assert log_in(portal, patron.library_id, "8642").status_int == 303
    log_out(portal)
    for _ in range(5):
        log_in(portal, patron.library_id, "0000", status=400)
    log_in(portal, patron.library_id, "0000", status=429)


def test_one_address_trying_many_accounts_is_locked_out(portal):
    for number in range(30):
        log_in(portal, f"12345678{number:02d}", "0000", status=(400, 429))
    assert "Too many failed attempts" in log_in(portal, "9999999999", "0000", status=429).text


def test_rate_limit_keys_are_kept_only_as_hashes(portal, dbsession):
    log_in(portal, "1234567897", "0000", status=400)
    keys = [row.key for row in dbsession.scalars(select(RateLimit))]
    assert len(keys) == 2 and all(len(key) == 64 and "1234567897" not in key for key in keys)


def test_login_needs_a_csrf_token(portal):
    patron = register(portal, "matti")
    log_out(portal)
    portal.post("/kirjaudu", {"library_id": patron.library_id, "pin": "8642"}, status=400)
    portal.post("/kirjaudu", {"library_id": patron.library_id, "pin": "8642", "csrf_token": "forged"}, status=400)
    assert portal.get("/tili", status=303)


def test_every_state_change_needs_a_csrf_token(portal):
    register(portal, "matti")
    for path, data in [
        ("/tili/asetukset", {"language": "sv"}),
        ("/tili/pin", {"pin": "8080", "pin_again": "8080"}),
        ("/tili/poista", {"confirm": "on", "pin": "8642"}),
        ("/ulos", {}),
        ("/tili/paasyavaimet/aloita", {}),
        ("/kirjaudu/paasyavain/aloita", {}),
    ]:
        page = portal.post(path, data, status=400)
        assert "The form expired" in page.text or "form" in page.text.lower(), path
    assert portal.get("/tili?lang=en").status_int == 200, "still logged in, nothing changed"


def test_no_session_fixation(portal):
    patron = register(portal, "matti")
    log_out(portal)
    # An attacker plants a session cookie of their own before the patron logs in.
    portal.get("/kirjaudu")
    planted = portal.cookies["ebiblio_session"]
    log_in(portal, patron.library_id, "8642")
    after = portal.cookies["ebiblio_session"]
    assert after != planted
    portal.set_cookie("ebiblio_session", planted)
    assert portal.get("/tili", status=303), "the planted cookie does not carry the login"


def test_logout_ends_the_login_for_every_copy_of_the_cookie(portal, dbsession):
    patron = register(portal, "matti")
    copy = portal.cookies["ebiblio_session"]
    assert dbsession.scalars(select(LoginSession).where(LoginSession.patron_id == patron.id)).first() is not None
    log_out(portal)
    assert dbsession.scalars(select(LoginSession).where(LoginSession.patron_id == patron.id)).first() is None
    portal.set_cookie("ebiblio_session", copy)
    assert portal.get("/tili", status=303)


def test_the_session_cookie_is_httponly_and_samesite(portal):
    patron = register(portal, "matti")
    log_out(portal)
    token = csrf(portal)
    answer = portal.post("/kirjaudu", {"csrf_token": token, "library_id": patron.library_id, "pin": "8642"})
    cookie = next(v for k, v in answer.headerlist if k == "Set-Cookie" and v.startswith("ebiblio_session="))
    assert (
        "HttpOnly" in cookie and "SameSite=Lax" in cookie and "; secure" not in cookie.lower()
    )  # tests use plain HTTP


def test_the_session_cookie_is_secure_where_cookies_are_secure(app_settings):
    settings = {**app_settings, "ebiblio.secure_cookies": "true", "ebiblio.identity.oidc.issuer": "sandbox"}
    app = webtest.TestApp(make_app(settings, core_plugins(oidc_plugin)), extra_environ={"HTTP_HOST": "localhost"})
    page = app.get("/kirjaudu")
    cookie = next(v for k, v in page.headerlist if k == "Set-Cookie" and v.startswith("ebiblio_session="))
    assert "; secure" in cookie.lower() and "HttpOnly" in cookie


def test_next_goes_back_to_a_local_page_only(portal):
    patron = register(portal, "matti")
    log_out(portal)
    token = csrf(portal)
    data = {"csrf_token": token, "library_id": patron.library_id, "pin": "8642", "next": "https://evil.example/"}
    assert portal.post("/kirjaudu", data).location.endswith("/tili")
    log_out(portal)
    token = csrf(portal)
    data = {**data, "csrf_token": token, "next": "/tili/asetukset"}
    assert portal.post("/kirjaudu", data).location.endswith("/tili/asetukset")


def test_the_login_page_links_the_other_ways_in(portal):
    page = portal.get("/kirjaudu?lang=en")
    for path in ("/kirjaudu/unohtunut-pin", "/rekisteroidy", "/henkilokunta/kirjaudu"):
        assert f'href="{path}"' in page.text
    assert 'autocomplete="current-password"' in page.text and '<label for="pin">PIN</label>' in page.text
