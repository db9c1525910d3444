"""Strong identification: registering, finding an existing account, resetting a forgotten PIN."""

from __future__ import annotations

import logging
import time

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...i18n import _
from ...identity import IdentityProviders
from ...interfaces import IdentificationError
from .. import challenges, eligibility, logins, registration
from .common import flash, see_other, translate

log = logging.getLogger(__name__)

PURPOSES = ("register", "reset")
SESSION_KEY = "identification"
PIN_RESET_KEY = "pin_reset"
PIN_RESET_SECONDS = 600


def _providers(request):
    return request.find_service(IdentityProviders).all()


@view_config(route_name="register", renderer="accounts/register.jinja2", request_method="GET")
def register_page(request):
    return {"providers": _providers(request), "purpose": "register"}


@view_config(route_name="forgotten_pin", renderer="accounts/forgotten_pin.jinja2", request_method="GET")
def forgotten_pin_page(request):
    return {"providers": _providers(request), "purpose": "reset"}


def _problem(request, title, text, status=400, links=()):
    request.response.status = status
    return {
        "title": translate(request, title),
        "text": translate(request, text),
        "links": [(href, translate(request, label)) for href, label in links],
    }


@view_config(route_name="identify", renderer="accounts/problem.jinja2", request_method="POST")
def identify(request):
    purpose = request.POST.get("purpose")
    if purpose not in PURPOSES:
        return _problem(request, _("Something was wrong with the request"), _("Start again from the login page."))
    providers = _providers(request)
    wanted = request.POST.get("provider")
    provider = next((p for p in providers if p.name == wanted), providers[0] if providers else None)
    if provider is None:
        return _problem(
            request,
            _("Strong identification is not available"),
            _("Strong identification is not available right now. Please try again later or ask your library."),
            status=503,
        )
    try:
        started = provider.start(_redirect_uri(request))
    except IdentificationError as error:
        log.warning("identification with %s could not start: %s", provider.name, error)
        return _problem(
            request,
            _("Strong identification is not available"),
            _("The identification service did not answer. Please try again in a few minutes."),
            status=503,
        )
    token = challenges.put(
        request.dbsession, "identification", {"provider": provider.name, "purpose": purpose, "kept": started.kept}
    )
    request.session[SESSION_KEY] = token
    return HTTPSeeOther(started.redirect_url)


@view_config(route_name="identify_return", renderer="accounts/problem.jinja2", request_method="GET")
def identify_return(request):
    token = request.session.pop(SESSION_KEY, None)
    pending = challenges.take(request.dbsession, "identification", token)
    again = ((request.route_path("register"), _("Register")), (request.route_path("login"), _("Log in")))
    if pending is None:
        return _problem(
            request,
            _("Identification failed"),
            _("This identification has expired or was already used. Please start again."),
            links=again,
        )
    provider = request.find_service(IdentityProviders).get(pending["provider"])
    params = {key: value for key, value in request.GET.items() if isinstance(value, str)}
    try:
        if provider is None:
            raise IdentificationError("the identity provider is no longer configured")
        person = provider.finish(_redirect_uri(request), params, pending["kept"])
    except IdentificationError as error:
        # Plugins never put the identity code in their messages; the callback's parameters are not logged.
        log.warning("identification with %s refused: %s", pending["provider"], error)
        if params.get("error") == "access_denied":
            return _problem(request, _("Identification cancelled"), _("You cancelled the identification."), links=again)
        return _problem(
            request,
            _("Identification failed"),
            _("We could not verify the identification. Please start again. If this happens again, ask your library."),
            links=again,
        )
    outcome = registration.identified(
        request.dbsession,
        request.registry.settings["ebiblio.identity_key"],
        person,
        request.today,
        may_register=pending["purpose"] == "register",
    )
    del person
    if outcome.kind == "refused":
        return _refused(request, outcome)
    patron = outcome.patron
    logins.start(request, patron=patron, method="identification")
    request.session[PIN_RESET_KEY] = {"patron": patron.id, "until": time.time() + PIN_RESET_SECONDS}
    if outcome.moved_from is not None:
        _tell_about_move(request, patron)
    if outcome.kind == "registered":
        flash(
            request,
            _(
                "Welcome to the e-library! Your library ID is ${library_id}. Choose a PIN to finish.",
                mapping={"library_id": patron.library_id},
            ),
        )
        return see_other(request, "account_pin")
    if pending["purpose"] == "register":
        flash(
            request,
            _(
                "You already have an account. Your library ID is ${library_id}.",
                mapping={"library_id": patron.library_id},
            ),
        )
        if patron.pin_hash is None or patron.status == "pin_required":
            return see_other(request, "account_pin")
        return see_other(request, "account")
    flash(request, _("You have been identified. Choose a new PIN."))
    return see_other(request, "account_pin")


def _tell_about_move(request, patron):
    flash(request, _("Your home municipality has been updated from the identification."))
    verdict = eligibility.MembershipEligibility().may_borrow(patron, request.today, request.locale_name)
    if not verdict.allowed:
        flash(request, verdict.message)


def _refused(request, outcome):
    municipality = outcome.municipality
    language = request.locale_name
    links = []
    if outcome.reason == "no_account":
        text = _("We found no account for you. Register first: it takes a minute.")
        links.append((request.route_path("register"), _("Register")))
    elif outcome.reason == "too_young":
        text = _(
            "Patrons under 15 register at their local library together with a guardian. "
            "Take an identity document with you."
        )
    else:
        text = eligibility.message_for(outcome.reason, municipality, language)
    if municipality is not None:
        route = "municipality_sv" if language == "sv" else "municipality_fi"
        slug = municipality.slug_sv if language == "sv" else municipality.slug_fi
        links.append((request.route_path(route, slug=slug), municipality.name(language)))
    return _problem(request, _("Registration is not possible"), text, status=403, links=links)


def _redirect_uri(request):
    # The address registered at the identity provider: the portal's public address, not the Host header.
    public = (request.registry.settings.get("ebiblio.public_url") or request.application_url).rstrip("/")
    return public + request.route_path("identify_return")
