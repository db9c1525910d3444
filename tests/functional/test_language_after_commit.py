"""Responses finished after the request's transaction: a login's redirect must not need the database again."""

import re

import pytest
import webtest
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.models import StaffRole, StaffUser
from ebiblio_portal.security.passwords import hash_secret

from ..conftest import base_settings, make_app

PASSWORD = "staff-password-2026"


@pytest.fixture
def real_portal(sqlite_engine):
    """The portal with its own transactions (no test-managed session), as a server runs it."""
    with sessionmaker(bind=sqlite_engine)() as session, session.begin():
        if session.query(StaffUser).filter_by(username="kieli").one_or_none() is None:
            user = StaffUser(username="kieli", display_name="Kieli", password_hash=hash_secret(PASSWORD))
            user.roles.append(StaffRole(role="librarian", municipality_code=None))
            session.add(user)
    app = make_app(base_settings(str(sqlite_engine.url), **{"ebiblio.engine": sqlite_engine}))
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})


def test_a_login_without_a_language_cookie_redirects(real_portal):
    page = real_portal.get("/henkilokunta/kirjaudu")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = real_portal.post(
        "/henkilokunta/kirjaudu", {"csrf_token": token, "username": "kieli", "password": PASSWORD}
    )
    assert answer.status_int == 303 and answer.location.endswith("/hallinta")
    assert real_portal.get("/hallinta").headers["Content-Language"] == "fi"
