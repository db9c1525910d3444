"""Content pages as patrons see them: national (/sivu/<page>) and a municipality's (/kunta/<slug>/sivu/<page>)."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config
from sqlalchemy import select

from ...models import Municipality
from ..interfaces import IMarkdownRenderer
from ..queries import published_page
from ..text import reader_language

SLUG_MAX = 100


def _render(request, municipality):
    slug = request.matchdict["page"]
    found = published_page(request.dbsession, municipality.code if municipality else None, slug)
    if len(slug) > SLUG_MAX or found is None:
        raise HTTPNotFound()
    page, revisions = found
    wanted = reader_language(request)
    revision = revisions.get(wanted) or revisions.get("sv" if wanted == "fi" else "fi")
    if municipality is not None:
        request.page_municipality = municipality
    return {
        "page": page,
        "revision": revision,
        "body": request.find_service(IMarkdownRenderer).render(revision.body_markdown),
        "fallback": revision.language != request.locale_name,
        "municipality": municipality,
    }


@view_config(route_name="content_page_national_fi", renderer="curation/content_page.jinja2", request_method="GET")
@view_config(route_name="content_page_national_sv", renderer="curation/content_page.jinja2", request_method="GET")
def national_page(request):
    return _render(request, None)


@view_config(route_name="content_page_fi", renderer="curation/content_page.jinja2", request_method="GET")
@view_config(route_name="content_page_sv", renderer="curation/content_page.jinja2", request_method="GET")
def municipal_page(request):
    column = Municipality.slug_sv if request.matched_route.name == "content_page_sv" else Municipality.slug_fi
    municipality = request.dbsession.scalar(select(Municipality).where(column == request.matchdict["slug"]))
    if municipality is None:
        raise HTTPNotFound()
    return _render(request, municipality)
