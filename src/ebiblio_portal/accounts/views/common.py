"""Helpers the accounts views share."""

from __future__ import annotations

import math

from pyramid.httpexceptions import HTTPSeeOther

from ...i18n import _


def translate(request, message):
    return request.localizer.translate(message) if message is not None else None


def flash(request, message):
    request.session.flash(translate(request, message))


def address(request):
    """The client's address (waitress puts the proxy's forwarded address here when it is trusted)."""
    return request.client_addr or "unknown"


def see_other(request, route_name, **kw):
    return HTTPSeeOther(request.route_path(route_name, **kw))


def safe_next(request, default):
    """A local path to return to after login; anything else (another host, a scheme) falls back to ``default``."""
    target = request.params.get("next") or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target and "\n" not in target:
        return target
    return default


def wait_message(lock):
    minutes = max(1, math.ceil(lock.total_seconds() / 60))
    return _(
        "Too many failed attempts. Try again in ${minutes} min.",
        mapping={"minutes": minutes},
    )


def form_text(request, name, limit=200):
    value = request.POST.get(name, "")
    return value.strip()[:limit] if isinstance(value, str) else ""
