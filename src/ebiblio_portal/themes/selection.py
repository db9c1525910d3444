"""Which look a page wears, and the stylesheets of municipalities' published looks.

In order: a municipality's page (``request.page_municipality``, set by its view) or any page on its
host name; else a logged-in patron's home municipality, unless the patron chose the national look;
else the national look. Staff who manage the municipality see its draft with ``?esikatselu=1``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..admin.resources import Scope
from ..models import Municipality, MunicipalityTheme
from ..security.policy import MANAGE_MUNICIPALITY
from .looks import apply
from .services import ThemeRegistry, tokens_css

log = logging.getLogger(__name__)

PREVIEW_PARAMETER = "esikatselu"


@dataclasses.dataclass(frozen=True)
class Look:
    """The theme a page wears, the URL of its stylesheet, and whether it is a draft shown to staff."""

    theme: object
    stylesheet: str
    preview: bool = False
    municipality_code: str | None = None


def current_look(request):
    registry = request.find_service(ThemeRegistry)
    municipality = getattr(request, "page_municipality", None) or _by_host(request)
    preview = request.GET.get(PREVIEW_PARAMETER) == "1"
    if municipality is not None and preview and may_manage(request, municipality.code):
        look = draft_look(request, registry, municipality)
        if look is not None:
            request.add_response_callback(_private)
            return look
    if municipality is None:
        patron = request.patron
        if patron is not None and not patron.national_theme and patron.municipality is not None:
            municipality = patron.municipality
    if municipality is None:
        national = registry.national()
        return Look(national, request.route_path("theme_css", name=national.name))
    return published_look(request, registry, municipality)


def published_look(request, registry, municipality):
    row = request.dbsession.get(MunicipalityTheme, municipality.code)
    theme = apply(registry, municipality.code, row.published) if row is not None else None
    if theme is not None:
        version = css_version(theme)
        return Look(theme, request.route_path("municipality_theme_css", code=municipality.code, version=version))
    # Nothing published, or its theme was removed: the chosen or the municipality's own theme, else national.
    theme = registry.for_municipality(municipality.code, municipality.theme_name)
    return Look(theme, request.route_path("theme_css", name=theme.name))


def css_version(theme):
    """Names the stylesheet by its content: a publish or a changed theme gives a new URL, so browsers may cache it."""
    return hashlib.sha256(tokens_css(theme).encode()).hexdigest()[:12]


def draft_look(request, registry, municipality):
    row = request.dbsession.get(MunicipalityTheme, municipality.code)
    theme = apply(registry, municipality.code, row.draft) if row is not None else None
    if theme is None:
        return None
    stylesheet = request.route_path("admin_theme_draft_css", code=municipality.code)
    return Look(theme, stylesheet, preview=True, municipality_code=municipality.code)


def may_manage(request, code):
    return request.staff is not None and bool(request.has_permission(MANAGE_MUNICIPALITY, Scope(code)))


def _by_host(request):
    host = (request.domain or "").lower()
    if not host:
        return None
    try:
        return request.dbsession.scalar(select(Municipality).where(Municipality.host_name == host))
    except SQLAlchemyError:  # an error page while the database is down still gets the national look
        log.exception("the municipality of host %s could not be looked up", host)
        return None


def _private(request, response):
    response.cache_control = "private, no-store"


def municipality_theme_css(request):
    """The published look of a municipality; its URL names its content, so it may be cached long."""
    registry = request.find_service(ThemeRegistry)
    code = request.matchdict["code"]
    row = request.dbsession.get(MunicipalityTheme, code)
    theme = apply(registry, code, row.published) if row is not None else None
    response = request.response
    response.content_type = "text/css"
    if theme is None:
        response.status = 404
        response.text = "/* nothing published */"
        return response
    response.text = tokens_css(theme)
    current = css_version(theme) == request.matchdict["version"]
    response.cache_control = "public, max-age=31536000, immutable" if current else "public, max-age=60"
    return response


def includeme(config):
    config.add_view(municipality_theme_css, route_name="municipality_theme_css", request_method="GET")
    config.add_request_method(current_look, "look", reify=True)
    config.add_request_method(lambda request: request.look.theme, "theme", reify=True)
