"""Search results and the title page (discovery replaces these with the full versions)."""

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config
from sqlalchemy import select

from ..interfaces import ISearchIndex
from ..models import Publication
from .queries import MAX_QUERY
from .search import SearchQuery

PER_PAGE = 20


def _page(request):
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(page, 1), 500)


@view_config(route_name="search", renderer="search.jinja2", request_method="GET")
def search(request):
    query = request.GET.get("q", "").strip()
    too_long = len(query) > MAX_QUERY
    page = _page(request)
    hits, total = [], 0
    if query:
        result = request.find_service(ISearchIndex).search(request.dbsession, SearchQuery(query, page, PER_PAGE))
        hits, total = result.hits, result.total
    return {
        "query": query[:MAX_QUERY],
        "too_long": too_long,
        "hits": hits,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
    }


@view_config(route_name="publication", renderer="publication.jinja2", request_method="GET")
def publication_page(request):
    publication = request.dbsession.get(Publication, int(request.matchdict["id"]))
    if publication is None or publication.withdrawn:
        raise HTTPNotFound()
    offers = request.dbsession.scalars(
        select(Publication).where(Publication.work_id == publication.work_id, Publication.withdrawn.is_(False))
    ).all()
    return {"publication": publication, "offers": offers}
