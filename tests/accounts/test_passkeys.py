"""Passkeys: the WebAuthn registration and login ceremonies, checked with a software authenticator."""

import re

from sqlalchemy import select

from ebiblio_portal.models import Passkey

from .authenticator import SoftAuthenticator
from .helpers import csrf, log_out, register


def add_passkey(portal, authenticator, name="Phone", origin=None):
    token = csrf(portal, "/tili/paasyavaimet?lang=en")
    options = portal.post_json("/tili/paasyavaimet/aloita", {}, headers={"X-CSRF-Token": token}).json
    assert options["rp"]["id"] == "localhost" and options["authenticatorSelection"]["userVerification"] == "required"
    credential = authenticator.create(options, origin)
    return portal.post_json(
        "/tili/paasyavaimet/lisaa",
        {"credential": credential, "name": name},
        headers={"X-CSRF-Token": token},
        status="*",
    )


def passkey_login(portal, authenticator, origin=None, replay=None):
    token = csrf(portal)
    options = portal.post_json("/kirjaudu/paasyavain/aloita", {}, headers={"X-CSRF-Token": token}).json
    assertion = replay or authenticator.get(options, origin)
    answer = portal.post_json("/kirjaudu/paasyavain", assertion, headers={"X-CSRF-Token": token}, status="*")
    return answer, assertion


def test_a_patron_adds_a_passkey_and_logs_in_with_it(portal, dbsession):
    patron = register(portal, "matti")
    authenticator = SoftAuthenticator()
    added = add_passkey(portal, authenticator)
    assert added.status_int == 200 and added.json == {"redirect": "/tili/paasyavaimet"}
    (key,) = dbsession.scalars(select(Passkey).where(Passkey.patron_id == patron.id))
    assert key.name == "Phone"
    log_out(portal)
    answer, _assertion = passkey_login(portal, authenticator)
    assert answer.status_int == 200 and answer.json == {"redirect": "/tili"}
    assert "Meikäläinen" in portal.get("/tili?lang=en").text
    assert key.sign_count == 1 and key.last_used_at is not None


def test_a_replayed_assertion_is_refused(portal):
    register(portal, "matti")
    authenticator = SoftAuthenticator()
    add_passkey(portal, authenticator)
    log_out(portal)
    _answer, assertion = passkey_login(portal, authenticator)
    log_out(portal)
    replayed, _ = passkey_login(portal, authenticator, replay=assertion)
    assert replayed.status_int == 400 and "not accepted" in replayed.json["error"]
    assert portal.get("/tili", status=303)


def test_an_assertion_for_another_origin_is_refused(portal):
    register(portal, "matti")
    authenticator = SoftAuthenticator()
    add_passkey(portal, authenticator)
    log_out(portal)
    answer, _ = passkey_login(portal, authenticator, origin="https://phishing.example")
    assert answer.status_int == 400


def test_an_unknown_passkey_is_refused(portal):
    answer, _ = passkey_login(portal, SoftAuthenticator())
    assert answer.status_int == 400


def test_a_registration_for_another_origin_is_refused(portal, dbsession):
    register(portal, "matti")
    answer = add_passkey(portal, SoftAuthenticator(), origin="https://phishing.example")
    assert answer.status_int == 400
    assert dbsession.scalars(select(Passkey)).first() is None


def test_garbage_is_a_clear_error_not_a_crash(portal):
    register(portal, "matti")
    token = csrf(portal, "/tili/paasyavaimet?lang=en")
    portal.post_json("/tili/paasyavaimet/aloita", {}, headers={"X-CSRF-Token": token})
    answer = portal.post(
        "/tili/paasyavaimet/lisaa",
        "not json",
        headers={"X-CSRF-Token": token},
        content_type="application/json",
        status=400,
    )
    assert "could not be added" in answer.json["error"]
    login = portal.post_json("/kirjaudu/paasyavain", {"id": 5}, headers={"X-CSRF-Token": token}, status=400)
    assert "not accepted" in login.json["error"]


def test_a_passkey_can_be_removed_only_by_its_owner(portal, dbsession):
    register(portal, "matti")
    add_passkey(portal, SoftAuthenticator())
    page = portal.get("/tili/paasyavaimet?lang=en")
    key_id = re.search(r"/tili/paasyavaimet/(\d+)/poista", page.text).group(1)
    log_out(portal)
    register(portal, "maija")
    token = csrf(portal, "/tili/paasyavaimet?lang=en")
    portal.post(f"/tili/paasyavaimet/{key_id}/poista", {"csrf_token": token}, status=404)
    assert dbsession.get(Passkey, int(key_id)) is not None
