"""Staff login, and desk registration of a patron who showed an identity document at the library."""

from __future__ import annotations

import time

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from ...i18n import _
from ...models import AuditEntry, Municipality, StaffUser
from ...security.passwords import hash_secret, verify_secret
from ...security.policy import DESK_ROLES, REGISTER_PATRONS
from .. import hetu, logins, pins, registration, totp
from ..interfaces import IRateLimiter
from .common import address, form_text, safe_next, translate, wait_message

_NOBODY = hash_secret("not-a-password-of-anybody")


@view_config(route_name="staff_login", renderer="accounts/staff_login.jinja2", request_method="GET")
def staff_login_page(request):
    return {"username": "", "error": None, "next": safe_next(request, "")}


@view_config(route_name="staff_login", renderer="accounts/staff_login.jinja2", request_method="POST")
def staff_login(request):
    session = request.dbsession
    limiter = request.find_service(IRateLimiter)
    username = form_text(request, "username", 100).lower()
    password = (request.POST.get("password") or "")[:200]
    answer = {"username": username, "next": safe_next(request, "")}
    lock = limiter.locked_for(session, "staff", username) or limiter.locked_for(session, "address", address(request))
    if lock is not None:
        request.response.status = 429
        return {**answer, "error": translate(request, wait_message(lock))}
    staff = session.scalar(select(StaffUser).where(StaffUser.username == username)) if username else None
    good = verify_secret(staff.password_hash if staff is not None else _NOBODY, password)
    if not (good and staff is not None and staff.active):
        lock = limiter.fail(session, "staff", username)
        lock = limiter.fail(session, "address", address(request)) or lock
        request.response.status = 429 if lock else 400
        message = wait_message(lock) if lock else _("The username or password is wrong.")
        return {**answer, "error": translate(request, message)}
    limiter.clear(session, "staff", username)
    if staff.totp_secret:
        # The password was right; the login starts only after the second factor (views.totp).
        request.session[totp.PENDING_KEY] = {"staff_id": staff.id, "since": int(time.time()), "next": answer["next"]}
        return HTTPSeeOther(request.route_path("staff_totp"))
    logins.start(request, staff=staff, method="password")
    session.add(AuditEntry(actor=f"staff:{staff.username}", action="staff.login", address=address(request)[:64]))
    return HTTPSeeOther(safe_next(request, request.route_path("admin_home")))


def _desk_municipalities(request):
    """The member municipalities in which the librarian may register patrons today."""
    codes = request.identity.municipalities(*DESK_ROLES)
    found = request.dbsession.scalars(select(Municipality).where(Municipality.code.in_(codes)))
    return [m for m in found if m.is_member_on(request.today)]


def _form(request, errors=None, values=None, status=200):
    request.response.status = status
    return {
        "municipalities": _desk_municipalities(request),
        "errors": errors or {},
        "values": values or {},
        "registered": None,
    }


@view_config(
    route_name="desk_registration",
    renderer="accounts/desk_registration.jinja2",
    request_method="GET",
    permission=REGISTER_PATRONS,
)
def desk_page(request):
    return _form(request)


@view_config(
    route_name="desk_registration",
    renderer="accounts/desk_registration.jinja2",
    request_method="POST",
    permission=REGISTER_PATRONS,
)
def desk_register(request):
    session = request.dbsession
    settings = request.registry.settings
    municipalities = {m.code: m for m in _desk_municipalities(request)}
    given, family = form_text(request, "given_name"), form_text(request, "family_name")
    values = {"given_name": given, "family_name": family, "municipality": request.POST.get("municipality")}
    errors = {}
    try:
        # Temporary codes (individual numbers 900-999) only where the sandbox is on: they belong to nobody.
        code = hetu.validate(
            form_text(request, "identity_code", 20).upper(), allow_temporary=settings["ebiblio.sandbox"]
        )
    except hetu.InvalidIdentityCode:
        code = None
        errors["identity_code"] = translate(
            request,
            _("That is not a valid personal identity code. Check the date, the century sign and the last character."),
        )
    if not given:
        errors["given_name"] = translate(request, _("Write the given name as it is on the identity document."))
    if not family:
        errors["family_name"] = translate(request, _("Write the family name as it is on the identity document."))
    municipality = municipalities.get(values["municipality"])
    if municipality is None:
        errors["municipality"] = translate(request, _("Choose the patron's home municipality."))
    if request.POST.get("document_checked") != "on":
        errors["document_checked"] = translate(request, _("Confirm that you checked the identity document."))
    if code is not None and not errors:
        born = hetu.birth_date(code)
        if registration.age_on(born, request.today) < registration.MIN_AGE and request.POST.get("guardian") != "on":
            errors["guardian"] = translate(request, _("A patron under 15 needs a guardian's consent."))
    if errors:
        return _form(request, errors, values, status=400)
    key = settings["ebiblio.identity_key"]
    existing = registration.find_patron(session, key, code)
    if existing is not None:
        return _form(
            request,
            {
                "identity_code": translate(
                    request,
                    _(
                        "This person already has an account. The library ID is ${library_id}.",
                        mapping={"library_id": existing.library_id},
                    ),
                )
            },
            values,
            status=409,
        )
    one_time = pins.one_time_code()
    patron = registration.create_patron(
        session,
        key,
        code,
        given,
        family,
        municipality,
        hetu.birth_date(code).year,
        pin_hash=hash_secret(one_time),
        status="pin_required",
        language=request.locale_name,
    )
    del code
    session.add(
        AuditEntry(
            actor=f"staff:{request.staff.username}",
            action="patron.registered",
            target=f"patron:{patron.id}",
            address=address(request)[:64],
            detail={"how": "desk", "municipality": municipality.code},
        )
    )
    context = _form(request)
    request.response.headers["Cache-Control"] = "no-store"  # the one-time code is shown once
    context["registered"] = {"library_id": patron.library_id, "one_time_code": one_time, "name": f"{given} {family}"}
    return context
