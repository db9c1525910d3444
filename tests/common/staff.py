"""A cast of staff and patrons for the staff-area tests, and the role-by-view matrix they share.

Import the fixtures into a test package's conftest: ``from ..common.staff import cast, as_who  # noqa: F401``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import secrets

import pyotp
import pytest

from ebiblio_portal.accounts import totp
from ebiblio_portal.accounts.identity import new_library_id
from ebiblio_portal.models import Municipality, Patron, StaffRole, StaffUser
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.security.passwords import hash_secret
from ebiblio_portal.testing.fixtures import base_settings

PASSWORD = "staff-password-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # every test national administrator's authenticator
APP_SECRET = base_settings()["ebiblio.secret"]
PIN = "2468"
OPENING = dt.date(2024, 4, 23)
HOME = "837"  # Tampere: the cast's own municipality
OTHER = "091"  # Helsinki: another member municipality
NOT_JOINED = "638"  # Porvoo
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

# Who -> (role, municipality); "anonymous" and "patron" hold no staff role.
STAFF = {
    "librarian": ("librarian", HOME),
    "other_librarian": ("librarian", OTHER),
    "municipal_admin": ("municipal_admin", HOME),
    "other_admin": ("municipal_admin", OTHER),
    "national_admin": ("national_admin", None),
}
EVERYONE = ("anonymous", "patron", *STAFF)


@dataclasses.dataclass
class Cast:
    staff: dict
    patron: Patron
    other_patron: Patron


def add_staff(session, username, role, municipality=None, password=PASSWORD, totp_secret=None):
    """A staff user; national administrators get ``TOTP_SECRET`` unless ``totp_secret`` is False."""
    if totp_secret is None and role == "national_admin":
        totp_secret = TOTP_SECRET
    user = StaffUser(
        username=username,
        display_name=username.replace("_", " ").title(),
        password_hash=hash_secret(password),
        totp_secret=totp.seal(APP_SECRET, totp_secret) if totp_secret else None,
    )
    user.roles.append(StaffRole(role=role, municipality_code=municipality))
    session.add(user)
    session.flush()
    return user


def add_patron(session, municipality, pin=PIN, **fields):
    patron = Patron(
        library_id=new_library_id(),
        identity_hash=secrets.token_hex(32),
        given_name=fields.pop("given_name", "Testi"),
        family_name=fields.pop("family_name", "Asiakas"),
        municipality_code=municipality,
        birth_year=1980,
        pin_hash=hash_secret(pin),
        **fields,
    )
    session.add(patron)
    session.flush()
    return patron


def join(session, *codes, start=OPENING):
    """Load the municipalities (once) and make ``codes`` members from ``start``."""
    if session.get(Municipality, HOME) is None:
        load_municipalities(session)
    for code in codes:
        session.get(Municipality, code).access_start = start
    session.flush()


def csrf(testapp, path="/henkilokunta/kirjaudu?lang=en"):
    return CSRF.search(testapp.get(path).text).group(1)


def log_in_staff(testapp, username, password=PASSWORD, totp_secret=TOTP_SECRET):
    """Log a staff user in; the second step, where the login asks for it, with a code of ``totp_secret``."""
    token = csrf(testapp)
    data = {"csrf_token": token, "username": username, "password": password}
    response = testapp.post("/henkilokunta/kirjaudu", data, status=303)
    if response.location.endswith("/henkilokunta/kirjaudu/koodi"):
        code = {"csrf_token": csrf(testapp), "code": pyotp.TOTP(totp_secret).now()}
        response = testapp.post("/henkilokunta/kirjaudu/koodi", code, status=303)
    return response


def log_in_patron(testapp, patron, pin=PIN):
    token = csrf(testapp, "/kirjaudu?lang=en")
    data = {"csrf_token": token, "library_id": patron.library_id, "pin": pin}
    return testapp.post("/kirjaudu", data, status=303)


def log_in_as(testapp, cast, who):
    """Log ``who`` (one of ``EVERYONE``) in on ``testapp``."""
    if who == "patron":
        log_in_patron(testapp, cast.patron)
    elif who != "anonymous":
        log_in_staff(testapp, who)


def denied(response):
    """True when the portal refused: a redirect to a login page, or 403."""
    if response.status_int in (302, 303):
        return "kirjaudu" in response.location
    return response.status_int == 403


@pytest.fixture
def cast(dbsession):
    """Two member municipalities, one that has not joined, the staff in ``STAFF`` and a patron in each."""
    join(dbsession, HOME, OTHER)
    staff = {who: add_staff(dbsession, who, role, municipality) for who, (role, municipality) in STAFF.items()}
    return Cast(staff=staff, patron=add_patron(dbsession, HOME), other_patron=add_patron(dbsession, OTHER))


@pytest.fixture(params=EVERYONE)
def as_who(request, testapp, cast):
    """The test runs once per person in ``EVERYONE``, logged in on ``testapp``; the value is who."""
    log_in_as(testapp, cast, request.param)
    return request.param
