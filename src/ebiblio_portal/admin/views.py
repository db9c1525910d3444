"""The staff area's front page and each municipality's staff page."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from ..models import Municipality
from ..security.policy import CURATE, NATIONAL, STAFF
from .resources import NationalScope
from .sections import MUNICIPAL_SCOPE, NATIONAL_SCOPE, section_url, visible_sections


def _my_municipalities(request):
    codes = sorted({role.municipality_code for role in request.staff.roles if role.municipality_code})
    if not codes:
        return []
    return list(request.dbsession.scalars(select(Municipality).where(Municipality.code.in_(codes))))


@view_config(route_name="admin_home", renderer="admin/home.jinja2", request_method="GET", permission=STAFF)
def admin_home(request):
    national = request.has_permission(NATIONAL, NationalScope())
    everyone = []
    if national:
        everyone = request.dbsession.scalars(select(Municipality).order_by(Municipality.name_fi)).all()
    return {
        "sections": visible_sections(request, NATIONAL_SCOPE),
        "section_url": section_url,
        "municipalities": _my_municipalities(request),
        "all_municipalities": everyone,
    }


@view_config(route_name="admin_choose_municipality", request_method="GET", permission=NATIONAL)
def choose_municipality(request):
    code = request.GET.get("code", "")
    if request.dbsession.get(Municipality, code) is None:
        return HTTPSeeOther(request.route_path("admin_home"))
    return HTTPSeeOther(request.route_path("admin_municipality", code=code))


@view_config(
    route_name="admin_municipality", renderer="admin/municipality.jinja2", request_method="GET", permission=CURATE
)
def municipality_home(request):
    municipality = request.context.found()
    sections = visible_sections(request, MUNICIPAL_SCOPE, municipality.code)
    return {"municipality": municipality, "sections": sections, "section_url": section_url}
