"""My account: overview, settings, PIN, my data as JSON, deleting the account, passkeys."""

from __future__ import annotations

import json
import logging
import re
import time

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import select

from ...i18n import LANGUAGES, _
from ...models import Passkey
from ...security.passwords import hash_secret, verify_secret
from ...security.policy import ACCOUNT, PATRON
from .. import erasure, logins, passkeys, pins
from ..export import patron_data
from ..interfaces import IEligibility, IRateLimiter
from .common import flash, see_other, translate, wait_message
from .identification import PIN_RESET_KEY

log = logging.getLogger(__name__)
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PASSKEY_SESSION_KEY = "passkey_register"


@view_config(route_name="account", renderer="accounts/account.jinja2", request_method="GET", permission=ACCOUNT)
def account(request):
    patron = request.patron
    verdict = request.find_service(IEligibility).may_borrow(patron, request.today, request.locale_name)
    return {"patron": patron, "eligibility": verdict, "eligibility_message": translate(request, verdict.message)}


@view_config(
    route_name="account_settings", renderer="accounts/settings.jinja2", request_method="GET", permission=ACCOUNT
)
def settings_page(request):
    patron = request.patron
    return {"patron": patron, "errors": {}, "values": _values(patron)}


def _values(patron):
    return {
        "language": patron.language,
        "email": patron.email or "",
        "keep_history": patron.keep_history,
        "national_theme": patron.national_theme,
    }


@view_config(
    route_name="account_settings", renderer="accounts/settings.jinja2", request_method="POST", permission=ACCOUNT
)
def save_settings(request):
    patron = request.patron
    language = request.POST.get("language")
    email = (request.POST.get("email") or "").strip()
    keep_history = request.POST.get("keep_history") == "on"
    national_theme = request.POST.get("national_theme") == "on"
    errors = {}
    if language not in LANGUAGES:
        errors["language"] = translate(request, _("Choose one of the languages."))
    if email and (len(email) > 320 or not EMAIL.match(email)):
        errors["email"] = translate(request, _("Check the email address, for example name@example.fi."))
    if errors:
        request.response.status = 400
        return {
            "patron": patron,
            "errors": errors,
            "values": {
                "language": language,
                "email": email[:320],
                "keep_history": keep_history,
                "national_theme": national_theme,
            },
        }
    patron.language, patron.email, patron.keep_history = language, email or None, keep_history
    patron.national_theme = national_theme
    flash(request, _("Your settings are saved."))
    # ?lang= also remembers the new language in the browser, which outranks the account's setting.
    return see_other(request, "account", _query={"lang": language})


def _reset_allowed(request, patron):
    grant = request.session.get(PIN_RESET_KEY)
    return isinstance(grant, dict) and grant.get("patron") == patron.id and grant.get("until", 0) > time.time()


def _pin_context(request, patron, error=None):
    need_current = not (request.identity.must_set_pin or _reset_allowed(request, patron))
    return {"patron": patron, "need_current": need_current, "error": error}


@view_config(route_name="account_pin", renderer="accounts/pin.jinja2", request_method="GET", permission=PATRON)
def pin_page(request):
    return _pin_context(request, request.patron)


@view_config(route_name="account_pin", renderer="accounts/pin.jinja2", request_method="POST", permission=PATRON)
def set_pin(request):
    patron = request.patron
    context = _pin_context(request, patron)
    if context["need_current"]:
        limiter = request.find_service(IRateLimiter)
        lock = limiter.locked_for(request.dbsession, "patron", patron.library_id)
        if lock is not None:
            request.response.status = 429
            return {**context, "error": translate(request, wait_message(lock))}
        if not verify_secret(patron.pin_hash, (request.POST.get("current_pin") or "")[:100]):
            limiter.fail(request.dbsession, "patron", patron.library_id)
            request.response.status = 400
            return {**context, "error": translate(request, _("The current PIN is wrong."))}
    try:
        pin = pins.check_pin(request.POST.get("pin"), request.POST.get("pin_again"))
    except pins.WeakPin as weak:
        request.response.status = 400
        return {**context, "error": translate(request, weak.message)}
    patron.pin_hash = hash_secret(pin)
    patron.status = "active"
    request.session.pop(PIN_RESET_KEY, None)
    # Whoever knew the old PIN is logged out everywhere else.
    logins.end_everywhere(request.dbsession, patron=patron, keep=request.identity.login_id)
    flash(request, _("Your PIN is saved. From now on, log in with your library ID and this PIN."))
    return see_other(request, "account")


@view_config(route_name="account_data", request_method="GET", permission=ACCOUNT)
def download_data(request):
    patron = request.patron
    body = json.dumps(patron_data(request.dbsession, patron), ensure_ascii=False, indent=2)
    response = Response(body=body.encode(), content_type="application/json", charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="e-library-{patron.library_id}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@view_config(route_name="account_delete", renderer="accounts/delete.jinja2", request_method="GET", permission=ACCOUNT)
def delete_page(request):
    return {"error": None}


@view_config(route_name="account_delete", renderer="accounts/delete.jinja2", request_method="POST", permission=ACCOUNT)
def delete_account(request):
    patron = request.patron
    session = request.dbsession
    limiter = request.find_service(IRateLimiter)
    lock = limiter.locked_for(session, "patron", patron.library_id)
    if lock is not None:
        request.response.status = 429
        return {"error": translate(request, wait_message(lock))}
    if request.POST.get("confirm") != "on":
        request.response.status = 400
        return {"error": translate(request, _("Tick the box to confirm that you want to delete your account."))}
    if not verify_secret(patron.pin_hash, (request.POST.get("pin") or "")[:100]):
        limiter.fail(session, "patron", patron.library_id)
        request.response.status = 400
        return {"error": translate(request, _("The PIN is wrong."))}
    try:
        erasure.delete_account(session, patron, erasure.provider_finder(request))
    except erasure.VendorsDidNotAnswer:
        request.response.status = 503
        return {
            "error": translate(
                request,
                _(
                    "We could not return your loans at the e-book service right now. "
                    "Nothing was deleted. Try again later."
                ),
            )
        }
    logins.end(request)
    flash(request, _("Your account has been deleted and your personal data erased."))
    return see_other(request, "home")


# Passkeys -----------------------------------------------------------------------------------


@view_config(route_name="passkeys", renderer="accounts/passkeys.jinja2", request_method="GET", permission=ACCOUNT)
def passkeys_page(request):
    keys = request.dbsession.scalars(
        select(Passkey).where(Passkey.patron_id == request.patron.id).order_by(Passkey.created_at)
    )
    return {"passkeys": list(keys)}


@view_config(route_name="passkey_register_options", renderer="json", request_method="POST", permission=ACCOUNT)
def passkey_register_options(request):
    options, token = passkeys.registration_options(request.dbsession, request.registry.settings, request.patron)
    request.session[PASSKEY_SESSION_KEY] = token
    return json.loads(options)


@view_config(route_name="passkey_register", renderer="json", request_method="POST", permission=ACCOUNT)
def passkey_register(request):
    token = request.session.pop(PASSKEY_SESSION_KEY, None)
    try:
        body = request.json_body
        if not isinstance(body, dict):
            raise ValueError("not an object")
        passkeys.register(
            request.dbsession,
            request.registry.settings,
            request.patron,
            token,
            body.get("credential"),
            body.get("name"),
        )
    except (ValueError, passkeys.PasskeyRefused) as error:
        log.info("passkey registration refused: %s", error)
        request.response.status = 400
        return {"error": translate(request, _("The passkey could not be added. Please try again."))}
    flash(request, _("The passkey is added. Next time you can log in with it."))
    return {"redirect": request.route_path("passkeys")}


@view_config(route_name="passkey_remove", request_method="POST", permission=ACCOUNT)
def passkey_remove(request):
    passkey = request.dbsession.get(Passkey, int(request.matchdict["id"]))
    if passkey is None or passkey.patron_id != request.patron.id:
        raise HTTPNotFound()
    request.dbsession.delete(passkey)
    flash(request, _("The passkey is removed."))
    return see_other(request, "passkeys")
