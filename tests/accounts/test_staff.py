"""Staff login and desk registration by a librarian of a member municipality."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from ebiblio_portal.accounts import hetu
from ebiblio_portal.models import AuditEntry, Patron, StaffRole, StaffUser
from ebiblio_portal.security.passwords import hash_secret

from .helpers import CSRF, csrf, log_in, log_out, set_pin

PASSWORD = "desk-password-2026"
# Temporary codes (individual numbers 900-999) belong to nobody; the no-identity-codes check watches them.
DESK_CODE = hetu.make(dt.date(1968, 2, 29), 960)
CHILD_CODE = hetu.make(dt.date(2016, 9, 1), 961)


def staff_user(session, username, role, municipality):
    user = StaffUser(username=username, display_name=username.title(), password_hash=hash_secret(PASSWORD))
    user.roles.append(StaffRole(role=role, municipality_code=municipality))
    session.add(user)
    session.flush()
    return user


def staff_log_in(portal, username, password=PASSWORD, status=303):
    token = csrf(portal, "/henkilokunta/kirjaudu?lang=en")
    return portal.post(
        "/henkilokunta/kirjaudu", {"csrf_token": token, "username": username, "password": password}, status=status
    )


@pytest.fixture
def librarian(dbsession, municipalities):
    return staff_user(dbsession, "kirjastonhoitaja", "librarian", "837")


def desk_form(portal, **fields):
    token = CSRF.search(portal.get("/henkilokunta/asiakasrekisterointi?lang=en").text).group(1)
    data = {
        "csrf_token": token,
        "identity_code": DESK_CODE,
        "given_name": "Kerttu",
        "family_name": "Kassinen",
        "municipality": "837",
        "document_checked": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_a_librarian_registers_a_patron_who_then_sets_a_pin(portal, librarian, dbsession):
    assert staff_log_in(portal, "kirjastonhoitaja").location.endswith("/hallinta")
    assert "/henkilokunta/asiakasrekisterointi" in portal.get("/hallinta?lang=en").text
    page = portal.post("/henkilokunta/asiakasrekisterointi?lang=en", desk_form(portal))
    assert page.headers["Cache-Control"] == "no-store"
    library_id = re.search(r'id="new-library-id">(\d{10})<', page.text).group(1)
    one_time = re.search(r'id="one-time-code">(\d{8})<', page.text).group(1)
    patron = dbsession.scalar(select(Patron).where(Patron.library_id == library_id))
    assert (patron.status, patron.municipality_code, patron.birth_year) == ("pin_required", "837", 1968)
    audit = dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "patron.registered")).one()
    assert audit.actor == "staff:kirjastonhoitaja" and audit.detail["how"] == "desk"
    log_out(portal)
    # First login with the one-time code: the patron must choose a PIN before anything else.
    assert log_in(portal, library_id, one_time).location.endswith("/tili/pin")
    assert portal.get("/tili").location.endswith("/tili/pin")
    assert 'name="current_pin"' not in portal.get("/tili/pin?lang=en").text
    set_pin(portal, "5802")
    assert patron.status == "active"
    log_out(portal)
    log_in(portal, library_id, one_time, status=400)
    assert log_in(portal, library_id, "5802").location.endswith("/tili")


def test_the_same_person_is_not_registered_twice_at_the_desk(portal, librarian, dbsession):
    staff_log_in(portal, "kirjastonhoitaja")
    portal.post("/henkilokunta/asiakasrekisterointi", desk_form(portal))
    again = portal.post("/henkilokunta/asiakasrekisterointi?lang=en", desk_form(portal), status=409)
    assert "This person already has an account. The library ID is" in again.text
    assert dbsession.scalar(select(func.count()).select_from(Patron)) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"identity_code": "131052-308U"}, "That is not a valid personal identity code"),
        ({"identity_code": "131052G308T"}, "That is not a valid personal identity code"),
        ({"identity_code": "<script>"}, "That is not a valid personal identity code"),
        ({"given_name": ""}, "Write the given name"),
        ({"municipality": "638"}, "Choose the patron&#39;s home municipality."),
        ({"document_checked": None}, "Confirm that you checked the identity document."),
        ({"identity_code": CHILD_CODE}, "A patron under 15 needs a guardian&#39;s consent."),
    ],
)
def test_desk_registration_explains_every_mistake(portal, librarian, dbsession, fields, message):
    staff_log_in(portal, "kirjastonhoitaja")
    page = portal.post("/henkilokunta/asiakasrekisterointi?lang=en", desk_form(portal, **fields), status=400)
    assert message in page.text
    assert 'aria-invalid="true"' in page.text
    assert DESK_CODE not in page.text, "the code typed is not echoed back"
    assert dbsession.scalar(select(func.count()).select_from(Patron)) == 0


def test_a_child_with_a_guardians_consent_is_registered(portal, librarian, dbsession):
    staff_log_in(portal, "kirjastonhoitaja")
    portal.post("/henkilokunta/asiakasrekisterointi", desk_form(portal, identity_code=CHILD_CODE, guardian="on"))
    assert dbsession.scalar(select(Patron)).birth_year == 2016


def test_a_librarian_of_a_municipality_that_has_not_joined_cannot_register(portal, dbsession, municipalities):
    staff_user(dbsession, "porvoo", "librarian", "638")
    staff_log_in(portal, "porvoo")
    assert "None of your municipalities is a member" in portal.get("/henkilokunta/asiakasrekisterointi?lang=en").text
    portal.post("/henkilokunta/asiakasrekisterointi", desk_form(portal, municipality="638"), status=400)
    assert dbsession.scalar(select(func.count()).select_from(Patron)) == 0


def test_only_desk_roles_may_register(portal, dbsession, municipalities):
    staff_user(dbsession, "admin", "national_admin", None)
    staff_log_in(portal, "admin")
    portal.get("/henkilokunta/asiakasrekisterointi", status=403)


def test_patrons_and_strangers_may_not_register_others(portal, librarian):
    assert portal.get("/henkilokunta/asiakasrekisterointi").location.endswith(
        "/henkilokunta/kirjaudu?next=%2Fhenkilokunta%2Fasiakasrekisterointi"
    )
    portal.post("/henkilokunta/asiakasrekisterointi", {"identity_code": DESK_CODE}, status=(400, 403))


def test_staff_login_gives_one_answer_and_locks_out(portal, librarian):
    wrong = staff_log_in(portal, "kirjastonhoitaja", "wrong-password", status=400)
    unknown = staff_log_in(portal, "nobody", PASSWORD, status=400)
    assert "The username or password is wrong." in wrong.text and "The username or password is wrong." in unknown.text
    for _ in range(4):
        staff_log_in(portal, "kirjastonhoitaja", "wrong-password", status=400)
    staff_log_in(portal, "kirjastonhoitaja", "wrong-password", status=429)
    assert "Too many failed attempts" in staff_log_in(portal, "kirjastonhoitaja", status=429).text


def test_an_inactive_staff_user_cannot_log_in(portal, librarian):
    librarian.active = False
    staff_log_in(portal, "kirjastonhoitaja", status=400)


def test_staff_login_needs_a_csrf_token(portal, librarian):
    portal.post("/henkilokunta/kirjaudu", {"username": "kirjastonhoitaja", "password": PASSWORD}, status=400)
