"""Staff two-factor login: the code after the password, enrolment, and national administrators sent to enrol."""

from __future__ import annotations

import time

from markupsafe import Markup
from pyramid.events import ContextFound, subscriber
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...i18n import _
from ...models import AuditEntry, StaffUser
from ...security.policy import NATIONAL_ADMIN, STAFF
from .. import logins, totp
from ..interfaces import IRateLimiter
from .common import address, flash, form_text, translate, wait_message

STAFF_AREA = "/hallinta"


def _secret_key(request):
    return request.registry.settings["ebiblio.secret"]


def _pending(request):
    """The staff user whose password was right a moment ago, and where they were going; or (None, None)."""
    pending = request.session.get(totp.PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("since", 0) > totp.PENDING_FOR:
        return None, None
    staff = request.dbsession.get(StaffUser, pending.get("staff_id"))
    if staff is None or not staff.active or not staff.totp_secret:
        return None, None
    return staff, pending.get("next") or request.route_path("admin_home")


def _start_over(request):
    request.session.pop(totp.PENDING_KEY, None)
    flash(request, _("Log in again: the time for the code ran out."))
    return HTTPSeeOther(request.route_path("staff_login"))


@view_config(route_name="staff_totp", renderer="accounts/staff_totp.jinja2", request_method="GET")
def code_page(request):
    staff, _next = _pending(request)
    if staff is None:
        return _start_over(request)
    return {"error": None}


@view_config(route_name="staff_totp", renderer="accounts/staff_totp.jinja2", request_method="POST")
def check_code(request):
    staff, target = _pending(request)
    if staff is None:
        return _start_over(request)
    session = request.dbsession
    limiter = request.find_service(IRateLimiter)
    # Wrong codes count with wrong passwords: one budget per account and per address.
    lock = limiter.locked_for(session, "staff", staff.username) or limiter.locked_for(
        session, "address", address(request)
    )
    if lock is not None:
        request.response.status = 429
        return {"error": translate(request, wait_message(lock))}
    secret = totp.unseal(_secret_key(request), staff.totp_secret)
    step = totp.verify(secret, form_text(request, "code", 20), staff.totp_last_step)
    if step is None:
        lock = limiter.fail(session, "staff", staff.username)
        lock = limiter.fail(session, "address", address(request)) or lock
        request.response.status = 429 if lock else 400
        message = wait_message(lock) if lock else _("The code is wrong or already used. Wait for the next code.")
        return {"error": translate(request, message)}
    staff.totp_last_step = step
    limiter.clear(session, "staff", staff.username)
    logins.start(request, staff=staff, method="password+totp")
    session.add(
        AuditEntry(
            actor=f"staff:{staff.username}",
            action="staff.login",
            address=address(request)[:64],
            detail={"second_factor": "totp"},
        )
    )
    return HTTPSeeOther(target)


def _enrolment(request):
    """The secret being enrolled (kept sealed in the session until a code proves the app has it)."""
    key = _secret_key(request)
    sealed = request.session.get(totp.ENROL_KEY)
    secret = totp.unseal(key, sealed) if isinstance(sealed, str) else None
    if secret is None:
        secret = totp.new_secret()
        request.session[totp.ENROL_KEY] = totp.seal(key, secret)
    return secret


def _enrol_page(request, error=None, status=200):
    request.response.status = status
    request.response.headers["Cache-Control"] = "no-store"  # the page shows the secret
    staff = request.staff
    if staff.totp_secret:
        return {"enrolled": True, "error": None}
    secret = _enrolment(request)
    uri = totp.provisioning_uri(secret, staff.username)
    return {
        "enrolled": False,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "uri": uri,
        "qr": Markup(totp.qr_svg(uri)),  # noqa: S704 -- segno's SVG of our own URI, no user input
        "error": error,
        "required": staff_must_enrol(request),
    }


@view_config(
    route_name="staff_totp_enrol", renderer="accounts/staff_totp_enrol.jinja2", request_method="GET", permission=STAFF
)
def enrol_page(request):
    return _enrol_page(request)


@view_config(
    route_name="staff_totp_enrol", renderer="accounts/staff_totp_enrol.jinja2", request_method="POST", permission=STAFF
)
def enrol(request):
    staff = request.staff
    if staff.totp_secret:
        return _enrol_page(request)
    limiter = request.find_service(IRateLimiter)
    lock = limiter.locked_for(request.dbsession, "staff", staff.username)
    if lock is not None:
        return _enrol_page(request, translate(request, wait_message(lock)), status=429)
    secret = _enrolment(request)
    step = totp.verify(secret, form_text(request, "code", 20))
    if step is None:
        limiter.fail(request.dbsession, "staff", staff.username)
        message = _("The code does not match. Check the phone's clock and type the newest code.")
        return _enrol_page(request, translate(request, message), status=400)
    staff.totp_secret = totp.seal(_secret_key(request), secret)
    staff.totp_last_step = step
    request.session.pop(totp.ENROL_KEY, None)
    request.dbsession.add(
        AuditEntry(
            actor=f"staff:{staff.username}",
            action="staff.totp_enrolled",
            target=f"staff:{staff.id}",
            address=address(request)[:64],
        )
    )
    flash(request, _("Two-step login is on. From now on the login asks for a code from your app."))
    return HTTPSeeOther(request.route_path("admin_home"))


def staff_must_enrol(request):
    """National administrators use the staff area only with two-step login on."""
    identity = request.identity
    return (
        identity is not None
        and identity.kind == "staff"
        and identity.has_role(NATIONAL_ADMIN)
        and not identity.staff.totp_secret
    )


@subscriber(ContextFound)
def send_to_enrol(event):
    request = event.request
    route = request.matched_route
    if route is None or not (route.pattern == STAFF_AREA or route.pattern.startswith(STAFF_AREA + "/")):
        return
    if staff_must_enrol(request):
        raise HTTPSeeOther(request.route_path("staff_totp_enrol"))
