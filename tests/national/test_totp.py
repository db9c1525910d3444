"""Two-step login (TOTP) for staff: the code after the password, enrolment, national administrators made to enrol."""

import logging
import re
import time

import pyotp
import pytest
from sqlalchemy import select

from ebiblio_portal.accounts import totp
from ebiblio_portal.models import AuditEntry

from ..common.staff import APP_SECRET, PASSWORD, TOTP_SECRET, add_staff, csrf, log_in_staff


def test_the_secret_is_stored_sealed():
    sealed = totp.seal(APP_SECRET, TOTP_SECRET)
    assert TOTP_SECRET not in sealed
    assert totp.unseal(APP_SECRET, sealed) == TOTP_SECRET
    assert totp.unseal("another-secret-" + "y" * 32, sealed) is None
    assert totp.unseal(APP_SECRET, "garbage") is None


def test_a_code_is_good_for_its_step_and_the_steps_beside_it_once():
    now = 1_800_000_000
    code = pyotp.TOTP(TOTP_SECRET).at(now)
    step = totp.verify(TOTP_SECRET, code, now=now)
    assert step == now // 30
    assert totp.verify(TOTP_SECRET, code, now=now + 30) == step
    assert totp.verify(TOTP_SECRET, code, now=now + 90) is None
    assert totp.verify(TOTP_SECRET, code, last_step=step, now=now) is None  # used once
    assert totp.verify(TOTP_SECRET, f"{code[:3]} {code[3:]}", now=now) == step
    assert totp.verify(TOTP_SECRET, "000000" if code != "000000" else "111111", now=now) is None
    assert totp.verify(TOTP_SECRET, "12345", now=now) is None
    assert totp.verify(None, code, now=now) is None


def _password(testapp, username):
    data = {"csrf_token": csrf(testapp), "username": username, "password": PASSWORD}
    return testapp.post("/henkilokunta/kirjaudu", data, status=303)


def _code(testapp, code, status):
    return testapp.post(
        "/henkilokunta/kirjaudu/koodi?lang=en", {"csrf_token": csrf(testapp), "code": code}, status=status
    )


def test_the_login_asks_for_the_code_after_the_password(testapp, dbsession, caplog):
    caplog.set_level(logging.DEBUG)
    add_staff(dbsession, "valtakunta", "national_admin")
    assert _password(testapp, "valtakunta").location.endswith("/henkilokunta/kirjaudu/koodi")
    assert "kirjaudu" in testapp.get("/hallinta", status=303).location  # not logged in yet
    wrong = _code(testapp, "000000" if pyotp.TOTP(TOTP_SECRET).now() != "000000" else "111111", 400)
    assert "The code is wrong or already used." in wrong.text
    done = _code(testapp, pyotp.TOTP(TOTP_SECRET).now(), 303)
    assert done.location.endswith("/hallinta")
    testapp.get("/hallinta", status=200)
    entry = dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "staff.login")).one()
    assert entry.detail == {"second_factor": "totp"}
    assert TOTP_SECRET not in caplog.text


def test_a_used_code_does_not_work_again(testapp, dbsession):
    add_staff(dbsession, "valtakunta", "national_admin")
    code = pyotp.TOTP(TOTP_SECRET).now()
    _password(testapp, "valtakunta")
    _code(testapp, code, 303)
    testapp.reset()
    _password(testapp, "valtakunta")
    assert "already used" in _code(testapp, code, 400).text


def test_wrong_codes_are_rate_limited_like_passwords(testapp, dbsession):
    add_staff(dbsession, "valtakunta", "national_admin")
    _password(testapp, "valtakunta")
    good = pyotp.TOTP(TOTP_SECRET).now()
    bad = "000000" if good != "000000" else "111111"
    for _ in range(5):
        _code(testapp, bad, 400)
    assert "Too many failed attempts" in _code(testapp, bad, 429).text
    assert "Too many failed attempts" in _code(testapp, good, 429).text


def test_the_code_must_follow_the_password_soon(testapp, dbsession, monkeypatch):
    add_staff(dbsession, "valtakunta", "national_admin")
    _password(testapp, "valtakunta")
    later = time.time() + totp.PENDING_FOR + 1
    monkeypatch.setattr("ebiblio_portal.accounts.views.totp.time.time", lambda: later)
    assert _code(testapp, pyotp.TOTP(TOTP_SECRET).now(), 303).location.endswith("/henkilokunta/kirjaudu")
    testapp.get("/hallinta", status=303)


def test_the_code_page_without_a_password_first_sends_to_the_login(testapp):
    assert testapp.get("/henkilokunta/kirjaudu/koodi").location.endswith("/henkilokunta/kirjaudu")


def test_a_national_administrator_without_two_step_login_must_enrol_first(testapp, dbsession):
    staff = add_staff(dbsession, "uusi", "national_admin", totp_secret=False)
    log_in_staff(testapp, "uusi")
    for path in ("/hallinta", "/hallinta/kunnat", "/hallinta/maksut/2024.csv"):
        assert testapp.get(path, status=303).location.endswith("/henkilokunta/kaksivaihe"), path
    page = testapp.get("/henkilokunta/kaksivaihe?lang=en")
    assert "<svg" in page.text and "otpauth://totp/" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    secret = page.html.find(id="totp-secret").text.replace(" ", "")
    assert testapp.get("/henkilokunta/kaksivaihe").html.find(id="totp-secret").text.replace(" ", "") == secret
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    failed = testapp.post("/henkilokunta/kaksivaihe?lang=en", {"csrf_token": csrf(testapp), "code": wrong}, status=400)
    assert "does not match" in failed.text and staff.totp_secret is None
    code = pyotp.TOTP(secret).now()
    testapp.post("/henkilokunta/kaksivaihe", {"csrf_token": csrf(testapp), "code": code}, status=303)
    dbsession.flush()
    assert staff.totp_secret and secret not in staff.totp_secret
    assert totp.unseal(APP_SECRET, staff.totp_secret) == secret
    testapp.get("/hallinta", status=200)
    entry = dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "staff.totp_enrolled")).one()
    assert entry.target == f"staff:{staff.id}" and entry.detail is None


@pytest.mark.parametrize("role", ["librarian", "municipal_admin"])
def test_other_staff_are_not_made_to_enrol(testapp, cast, role):
    log_in_staff(testapp, "librarian" if role == "librarian" else "municipal_admin")
    testapp.get("/hallinta", status=200)
    assert re.search("Two-step login", testapp.get("/henkilokunta/kaksivaihe?lang=en").text)


def test_enrolment_is_for_staff_only(testapp):
    assert "kirjaudu" in testapp.get("/henkilokunta/kaksivaihe", status=303).location
