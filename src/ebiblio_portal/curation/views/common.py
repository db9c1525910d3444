"""What the staff views of curation share: the scope (a municipality or national), records in it, links."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from ...admin import audit
from ...admin.resources import require
from ...interfaces import ISearchIndex
from ...models import Publication, utcnow
from ...security.policy import CURATE
from ...values import SearchQuery
from ..forms import parse_id

SEARCH_MAX = 200
SEARCH_HITS = 10


def staff_view(name, national=True, **settings):
    """``view_config`` for a curation page of a municipality and, when ``national``, its national twin."""

    def wrap(view):
        # _depth: venusian must see the view's module, not this helper's, as the decorator's caller.

        view = view_config(route_name=f"curation_{name}", permission=CURATE, _depth=1, **settings)(view)
        if national:
            view = view_config(route_name=f"curation_{name}_national", permission=CURATE, _depth=1, **settings)(view)
        return view

    return wrap


def scope_code(request):
    """The municipality code of the page's scope; None on the national pages."""
    return request.context.municipality_code


def scope_municipality(request):
    """The Municipality of the page (404 for an unknown code), or None on the national pages."""
    return request.context.found() if scope_code(request) is not None else None


def path(request, name, **kw):
    """The path of curation page ``name`` in the current scope."""
    code = scope_code(request)
    if code is None:
        return request.route_path(f"curation_{name}_national", **kw)
    return request.route_path(f"curation_{name}", code=code, **kw)


def go(request, name, **kw):
    return HTTPSeeOther(path(request, name, **kw))


def record_in_scope(request, model, identifier=None):
    """The record named by ``{id}``, if it belongs to this page's scope and the user may curate it; else 404/403."""
    raw = identifier if identifier is not None else request.matchdict["id"]
    identifier = parse_id(str(raw))
    found = request.dbsession.get(model, identifier) if identifier is not None else None
    if found is None or found.municipality_code != scope_code(request):
        raise HTTPNotFound()
    require(request, CURATE, found.municipality_code)
    return found


def flash(request, message):
    request.session.flash(request.localizer.translate(message))


def log(request, action, target, **detail):
    """Every change by staff goes to the audit log, with the scope it was made in."""
    audit.record(request, action, target, municipality=scope_code(request), **detail)


def page_values(request, **values):
    """What every curation staff template needs."""
    return {
        "municipality": scope_municipality(request),
        "path": lambda name, **kw: path(request, name, **kw),
        "csrf_token": request.session.get_csrf_token(),
        **values,
    }


def search_publications(request):
    """The ``?q=`` search of a staff form through the search index (no facets): (words, publications)."""
    raw = request.GET.get("q", "")
    words = raw.strip()[:SEARCH_MAX] if isinstance(raw, str) else ""
    if not words:
        return "", []
    result = request.find_service(ISearchIndex).search(
        request.dbsession, SearchQuery(text=words, per_page=SEARCH_HITS, with_facets=False)
    )
    ids = list(result.publication_ids)
    if not ids:
        return words, []
    found = {p.id: p for p in request.dbsession.scalars(select(Publication).where(Publication.id.in_(ids)))}
    return words, [found[i] for i in ids if i in found and not found[i].withdrawn]


def now():
    return utcnow()


def confirmed(request):
    """A deletion goes ahead only from its confirmation page's own button; any other request shows that page."""
    return request.method == "POST" and request.POST.get("confirm") == "1"
