"""The OPDS 2.0 endpoints; every answer is JSON, bad parameters get a problem document, never a 500."""

from __future__ import annotations

import datetime as dt
import json
import re

from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import func, select

from ..catalog.availability import availability_for, vendors_counting_seats
from ..catalog.browse import dated_count, load, newest, newest_filters
from ..catalog.lanes import popular
from ..i18n import _
from ..interfaces import ISearchIndex
from ..models import Publication
from ..search.params import MAX_QUERY
from ..values import Medium
from . import documents as doc

PER_PAGE = 50
MAX_PAGE = 1000
POPULAR_MOST = 500
LANGUAGE_FACETS = 12
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
MAX_ID = 2**31 - 1


class BadParameter(Exception):
    """A query parameter an OPDS client sent cannot be used."""


def respond(document, content_type=doc.FEED, status=200):
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body=body, status=status, content_type=content_type, charset="utf-8")


def problem(request, status, title):
    """An RFC 9457 problem document in the request's language."""
    return respond(
        {"type": "about:blank", "title": request.localizer.translate(title), "status": status},
        "application/problem+json",
        status,
    )


@view_config(context=BadParameter, route_name="opds_new")
@view_config(context=BadParameter, route_name="opds_popular")
@view_config(context=BadParameter, route_name="opds_search")
def bad_parameter(exc, request):
    return problem(request, 400, _("A parameter of the request is not valid: %(detail)s", mapping={"detail": str(exc)}))


def page_param(request):
    try:
        return max(1, min(int(request.GET.get("page", "1")), MAX_PAGE))
    except ValueError:
        return 1


def feed(request, title, self_href, publications, query, route, page, total):
    now = dt.datetime.now(dt.UTC)
    availability = availability_for(request.dbsession, publications, now, vendors_counting_seats(request))
    document = {
        "metadata": {
            "title": request.localizer.translate(title),
            "numberOfItems": total,
            "itemsPerPage": PER_PAGE,
            "currentPage": page,
        },
        "links": doc.start_links(request, self_href) + doc.paging(request, route, query, page, PER_PAGE, total),
    }
    if publications:
        urls = doc.entry_urls(request)
        document["publications"] = [
            doc.publication_entry(request, p, availability[p.id], now, urls) for p in publications
        ]
    else:
        # A feed needs publications or navigation: an empty page leads back to the start.
        document["navigation"] = [root_navigation(request)[0]]
    return document


def root_navigation(request):
    translate = request.localizer.translate
    entries = [
        (_("New e-books"), "opds_new", {"medium": Medium.EBOOK}),
        (_("New audiobooks"), "opds_new", {"medium": Medium.AUDIOBOOK}),
        (_("New magazine issues"), "opds_new", {"medium": Medium.MAGAZINE}),
        (_("Popular now"), "opds_popular", {}),
        (_("E-books in Swedish"), "opds_new", {"medium": Medium.EBOOK, "language": "sv"}),
        (_("Audiobooks in Swedish"), "opds_new", {"medium": Medium.AUDIOBOOK, "language": "sv"}),
    ]
    return [
        {
            "href": request.route_url(route, _query=query),
            "title": translate(title),
            "type": doc.FEED,
            "rel": "subsection",
        }
        for title, route, query in entries
    ]


@view_config(route_name="opds_root", request_method="GET")
def root(request):
    document = {
        "metadata": {"title": request.localizer.translate(_("E-library"))},
        "links": doc.start_links(request, request.route_url("opds_root")),
        "navigation": root_navigation(request),
    }
    return respond(document)


def counts(request, key, statement):
    cache = request.registry["catalog.cache"]
    return cache.get(("opds",) + key, lambda: dict(request.dbsession.execute(statement).all()))


def facets(request, medium, language):
    """Medium and language facets with their counts; the active link of each has rel self."""
    translate = request.localizer.translate
    visible = Publication.withdrawn.is_(False)
    by_medium = counts(
        request, ("media",), select(Publication.medium, func.count()).where(visible).group_by(Publication.medium)
    )
    by_language = counts(
        request,
        ("languages", medium),
        select(Publication.language, func.count())
        .where(visible, Publication.medium == medium)
        .group_by(Publication.language),
    )
    labels = {Medium.EBOOK: _("E-books"), Medium.AUDIOBOOK: _("Audiobooks"), Medium.MAGAZINE: _("Magazines")}

    def link(title, query, number, active):
        found = {"href": request.route_url("opds_new", _query=query), "type": doc.FEED, "title": title}
        found["properties"] = {"numberOfItems": number}
        if active:
            found["rel"] = "self"
        return found

    media = [
        link(translate(labels[m]), {"medium": m}, by_medium.get(m, 0), m == medium)
        for m in (Medium.EBOOK, Medium.AUDIOBOOK, Medium.MAGAZINE)
    ]
    top = sorted(by_language.items(), key=lambda item: (-item[1], item[0]))[:LANGUAGE_FACETS]
    if language and language not in dict(top):
        top.append((language, by_language.get(language, 0)))
    languages = [link(translate(_("All languages")), {"medium": medium}, sum(by_language.values()), language is None)]
    languages += [link(code, {"medium": medium, "language": code}, number, code == language) for code, number in top]
    return [
        {"metadata": {"title": translate(_("Format"))}, "links": media},
        {"metadata": {"title": translate(_("Language"))}, "links": languages},
    ], by_language


@view_config(route_name="opds_new", request_method="GET")
def new(request):
    medium = request.GET.get("medium", Medium.EBOOK)
    if medium not in set(Medium):
        raise BadParameter("medium")
    language = request.GET.get("language") or None
    if language is not None and not LANGUAGE_CODE.fullmatch(language):
        raise BadParameter("language")
    facet_groups, by_language = facets(request, medium, language)
    total = by_language.get(language, 0) if language else sum(by_language.values())
    page = min(page_param(request), max(1, -(-total // PER_PAGE)))
    where = newest_filters(medium, language)
    cache = request.registry["catalog.cache"]
    dated = dated_count(request.dbsession, cache, where, (medium, language, None))
    publications = newest(request.dbsession, where, (page - 1) * PER_PAGE, PER_PAGE, dated)
    query = {"medium": medium, **({"language": language} if language else {})}
    self_href = request.route_url("opds_new", _query={**query, "page": page})
    document = feed(request, _("New in the collection"), self_href, publications, query, "opds_new", page, total)
    document["facets"] = facet_groups
    return respond(document)


@view_config(route_name="opds_popular", request_method="GET")
def popular_feed(request):
    cache = request.registry["catalog.cache"]
    ids = cache.get(("opds", "popular"), lambda: [p.id for p in popular(request.dbsession, POPULAR_MOST)])
    page = min(page_param(request), max(1, -(-len(ids) // PER_PAGE)))
    publications = load(request.dbsession, ids[(page - 1) * PER_PAGE : page * PER_PAGE])
    self_href = request.route_url("opds_popular", _query={"page": page})
    return respond(feed(request, _("Popular now"), self_href, publications, {}, "opds_popular", page, len(ids)))


def search_ids(request, text, page):
    """Ask the search index (whichever backend is registered) for one page of publication ids."""
    from ..values import SearchQuery

    result = request.find_service(ISearchIndex).search(
        request.dbsession, SearchQuery(text=text, page=page, per_page=PER_PAGE, with_facets=False)
    )
    ids = getattr(result, "publication_ids", None)
    if ids is None:
        ids = [hit.id for hit in result.hits]
    return list(ids), result.total


@view_config(route_name="opds_search", request_method="GET")
def search(request):
    text = request.GET.get("query", "").strip()
    if not text:
        raise BadParameter("query")
    text = text[:MAX_QUERY]
    page = page_param(request)
    ids, total = search_ids(request, text, page)
    publications = load(request.dbsession, ids)
    self_href = request.route_url("opds_search", _query={"query": text, "page": page})
    title = _("Search: %(query)s", mapping={"query": text})
    return respond(feed(request, title, self_href, publications, {"query": text}, "opds_search", page, total))


def find_publication(request):
    identifier = int(request.matchdict["id"])
    publication = request.dbsession.get(Publication, identifier) if identifier <= MAX_ID else None
    if publication is None or publication.withdrawn:
        return None
    return publication


@view_config(route_name="opds_publication", request_method="GET")
def publication(request):
    found = find_publication(request)
    if found is None:
        return problem(request, 404, _("Page not found"))
    availability = availability_for(request.dbsession, [found], counted_by_vendor=vendors_counting_seats(request))
    return respond(doc.publication_entry(request, found, availability[found.id]), doc.PUBLICATION)


@view_config(route_name="opds_auth", request_method="GET")
def authentication(request):
    return respond(doc.authentication_document(request), doc.AUTHENTICATION)


# No CSRF token here: reading apps authenticate with a header, not a cookie.
@view_config(route_name="opds_borrow", request_method=("GET", "POST"), require_csrf=False)
def borrow(request):
    found = find_publication(request)
    if found is None:
        return problem(request, 404, _("Page not found"))
    from ..circulation.opds import borrow_in_feed  # circulation lends; this feed only links to it

    return borrow_in_feed(request, found)
