"""A municipality's own page: membership, its picks and then the national ones, its book tips and pages."""

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config
from sqlalchemy import select

from ..curation.queries import municipal_picks, municipality_tips
from ..models import Municipality


def _find(request, column):
    return request.dbsession.scalar(select(Municipality).where(column == request.matchdict["slug"]))


@view_config(route_name="municipality_fi", renderer="municipality.jinja2")
@view_config(route_name="municipality_sv", renderer="municipality.jinja2")
def municipality_page(request):
    column = Municipality.slug_sv if request.matched_route.name == "municipality_sv" else Municipality.slug_fi
    municipality = _find(request, column)
    if municipality is None:
        raise HTTPNotFound()
    request.page_municipality = municipality
    return {
        "municipality": municipality,
        "member": municipality.is_member_on(request.today),
        "picks": municipal_picks(request, municipality.code) + request.national_picks,
        "tips": municipality_tips(request.dbsession, municipality.code),
        "pages": request.public_pages(municipality.code),
    }
