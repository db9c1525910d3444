"""Login with library ID and PIN or a passkey, logout, and where the unauthorised are sent."""

from __future__ import annotations

import json
import logging

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import forbidden_view_config, view_config
from sqlalchemy import select

from ...i18n import _
from ...models import Patron
from ...security.passwords import hash_secret, verify_secret
from .. import logins, passkeys
from ..identity import is_library_id
from ..interfaces import IRateLimiter
from .common import address, flash, safe_next, see_other, translate, wait_message

log = logging.getLogger(__name__)

# Unknown library IDs are checked against this hash, so both answers take the same time.
_NOBODY = hash_secret("not-a-pin-of-anybody")
PASSKEY_SESSION_KEY = "passkey_login"


def normalise_library_id(text):
    return "".join(ch for ch in (text or "") if not ch.isspace() and ch != "-")[:40]


@view_config(route_name="login", renderer="accounts/login.jinja2", request_method="GET")
def login_page(request):
    if request.patron is not None:
        return see_other(request, "account")
    return {"library_id": "", "error": None, "next": safe_next(request, "")}


@view_config(route_name="login", renderer="accounts/login.jinja2", request_method="POST")
def login(request):
    session = request.dbsession
    limiter = request.find_service(IRateLimiter)
    typed = normalise_library_id(request.POST.get("library_id"))
    pin = request.POST.get("pin") or ""
    answer = {"library_id": typed, "next": safe_next(request, "")}
    lock = limiter.locked_for(session, "patron", typed) or limiter.locked_for(session, "address", address(request))
    if lock is not None:
        request.response.status = 429
        return {**answer, "error": translate(request, wait_message(lock))}
    patron = None
    if is_library_id(typed):
        patron = session.scalar(select(Patron).where(Patron.library_id == typed, Patron.status != "deleted"))
    stored = patron.pin_hash if patron is not None and patron.pin_hash else _NOBODY
    if not (verify_secret(stored, pin[:100]) and patron is not None and patron.pin_hash):
        lock = limiter.fail(session, "patron", typed)
        lock = limiter.fail(session, "address", address(request)) or lock
        request.response.status = 429 if lock else 400
        # The same words whether the library ID exists or not.
        message = wait_message(lock) if lock else _("The library ID or PIN is wrong.")
        return {**answer, "error": translate(request, message)}
    limiter.clear(session, "patron", typed)
    logins.start(request, patron=patron, method="pin")
    if patron.status == "pin_required":
        flash(request, _("Welcome! Choose your own PIN to replace the one-time code."))
        return see_other(request, "account_pin")
    return HTTPSeeOther(safe_next(request, request.route_path("account")))


@view_config(route_name="logout", renderer="accounts/logout.jinja2", request_method="GET")
def logout_page(request):
    return {}


@view_config(route_name="logout", request_method="POST")
def logout(request):
    logins.end(request)
    flash(request, _("You have logged out."))
    return see_other(request, "home")


@view_config(route_name="passkey_login_options", renderer="json", request_method="POST")
def passkey_login_options(request):
    options, token = passkeys.login_options(request.dbsession, request.registry.settings)
    request.session[PASSKEY_SESSION_KEY] = token
    return json.loads(options)


@view_config(route_name="passkey_login", renderer="json", request_method="POST")
def passkey_login(request):
    session = request.dbsession
    limiter = request.find_service(IRateLimiter)
    lock = limiter.locked_for(session, "address", address(request))
    if lock is not None:
        request.response.status = 429
        return {"error": translate(request, wait_message(lock))}
    token = request.session.pop(PASSKEY_SESSION_KEY, None)
    try:
        credential = request.json_body
        passkey = passkeys.authenticate(session, request.registry.settings, token, credential)
    except (ValueError, passkeys.PasskeyRefused) as error:
        log.info("passkey login refused: %s", error)
        limiter.fail(session, "address", address(request))
        request.response.status = 400
        return {"error": translate(request, _("The passkey was not accepted. Log in with your library ID and PIN."))}
    patron = session.get(Patron, passkey.patron_id)
    if patron is None or patron.status == "deleted":
        request.response.status = 400
        return {"error": translate(request, _("The passkey was not accepted. Log in with your library ID and PIN."))}
    logins.start(request, patron=patron, method="passkey")
    return {"redirect": request.route_path("account")}


@forbidden_view_config(is_authenticated=False, renderer="accounts/problem.jinja2")
def log_in_first(request):
    """Not logged in: go to the right login page and come back."""
    if request.method != "GET":
        request.response.status = 403
        return {
            "title": translate(request, _("No access")),
            "text": translate(request, _("Log in first.")),
            "links": [(request.route_path("login"), translate(request, _("Log in")))],
        }
    staff_prefixes = (request.route_path("staff_login").rsplit("/", 1)[0] + "/", request.route_path("admin_home"))
    staff_page = request.path.startswith(staff_prefixes)
    target = "staff_login" if staff_page else "login"
    return HTTPSeeOther(request.route_path(target, _query={"next": request.path_qs}))


@forbidden_view_config(is_authenticated=True, renderer="error.jinja2")
def not_allowed(request):
    """Logged in but not allowed: a patron who still has to choose a PIN is sent to do that first."""
    identity = request.identity
    if identity is not None and identity.kind == "patron" and identity.must_set_pin and request.method == "GET":
        return see_other(request, "account_pin")
    request.response.status = 403
    return {"kind": "forbidden"}
