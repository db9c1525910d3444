"""Steps the accounts tests share: identify through the sandbox, log in, read the CSRF token."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from ebiblio_portal.models import Patron

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(portal, path="/kirjaudu?lang=en"):
    return CSRF.search(portal.get(path).text).group(1)


def local(url):
    """The path and query of an absolute URL: the tests talk to the portal in process."""
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def start_identification(portal, purpose="register"):
    """Press the identify button; return the sandbox's authorize page."""
    token = csrf(portal, "/rekisteroidy?lang=en")
    started = portal.post("/kirjaudu/tunnistaudu", {"csrf_token": token, "purpose": purpose, "provider": "oidc"})
    assert started.status_int == 303
    assert "/sandbox/idp/authorize?" in started.location
    return portal.get(local(started.location))


def callback_url(authorize_page, person, answer=""):
    """Pick a test person on the sandbox's page; return the callback URL it redirects to."""
    form = authorize_page.forms[0]
    form["person"] = person
    form["answer"] = answer
    chosen = form.submit()
    assert chosen.status_int == 303
    return local(chosen.location)


def identify(portal, person, purpose="register", answer="", status="*"):
    """Identify as a sandbox test person; return the portal's answer to the callback."""
    page = start_identification(portal, purpose)
    return portal.get(callback_url(page, person, answer), status=status)


def set_pin(portal, pin="8642", current=None, status=303):
    token = csrf(portal, "/tili/pin?lang=en")
    data = {"csrf_token": token, "pin": pin, "pin_again": pin}
    if current is not None:
        data["current_pin"] = current
    return portal.post("/tili/pin", data, status=status)


def register(portal, person, pin="8642"):
    """Register a test person and set a PIN; return the new ``Patron``."""
    answer = identify(portal, person)
    assert answer.status_int == 303 and answer.location.endswith("/tili/pin"), answer.text[:2000]
    set_pin(portal, pin)
    return logged_in_patron(portal)


def logged_in_patron(portal):
    page = portal.get("/tili?lang=en")
    library_id = re.search(r"<dt>Library ID</dt><dd>(\d{10})</dd>", page.text).group(1)
    session = portal.extra_environ["app.dbsession"]
    return session.scalar(select(Patron).where(Patron.library_id == library_id))


def log_in(portal, library_id, pin, status=303):
    token = csrf(portal)
    return portal.post("/kirjaudu", {"csrf_token": token, "library_id": library_id, "pin": pin}, status=status)


def log_out(portal):
    token = csrf(portal, "/ulos?lang=en")
    return portal.post("/ulos", {"csrf_token": token}, status=303)
