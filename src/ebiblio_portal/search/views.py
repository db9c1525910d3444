"""The /search page: one box over every vendor, facets with counts, sorting and pages; no JavaScript needed."""

from __future__ import annotations

import babel
from pyramid.view import view_config
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from ..interfaces import ISearchIndex
from ..models import Publication
from ..values import SearchSort
from .params import FACETS, parse, to_params

PAGE_WINDOW = 2


@view_config(route_name="search", renderer="search.jinja2", request_method="GET")
def search(request):
    parsed = parse(request.GET)
    query = parsed.query
    result = None
    hits = []
    if parsed.text:
        result = request.find_service(ISearchIndex).search(request.dbsession, query)
        hits = _publications(request.dbsession, result.publication_ids)
    if result is not None and query.page > result.last_page and result.total:
        parsed.rejected.append("page")

    def link(**changes):
        text = changes.pop("text", None)
        return request.route_path("search", _query=to_params(query, text=text, **changes))

    return {
        "query": parsed.text,
        "search": query,
        "too_long": parsed.too_long,
        "rejected": parsed.rejected,
        "result": result,
        "hits": hits,
        "facets": _facets(request, query, result) if result is not None else [],
        "chosen": _chosen(request, query),
        "sorts": [s.value for s in SearchSort],
        "pages": _pages(result) if result is not None else [],
        "link": link,
        "search_params": to_params(query, sort=None),
        "facet_names": FACETS,
    }


def _publications(session, ids):
    if not ids:
        return []
    # A result card shows no license: leave them unread (they load if something asks).
    statement = select(Publication).where(Publication.id.in_(ids)).options(lazyload(Publication.licenses))
    found = {p.id: p for p in session.scalars(statement)}
    return [found[i] for i in ids if i in found]


def language_name(request, code):
    try:
        return babel.Locale.parse(request.locale_name).languages.get(code, code)
    except (ValueError, babel.UnknownLocaleError):
        return code


def _selected(query, facet):
    return {
        "medium": query.media,
        "language": query.languages,
        "audience": query.audiences,
        "subject": query.subjects,
        "origin": query.origins,
        "available": ("yes",) if query.available else (),
        "year": (str(query.years[0]),) if query.years and query.years[0] == query.years[1] else (),
    }[facet]


def _facets(request, query, result):
    """Each facet as (name, [(value, label, count, selected)]), the chosen values kept even when they count 0."""
    facets = []
    for facet in FACETS:
        counts = {c.value: c.count for c in result.facets.get(facet, ())}
        selected = set(_selected(query, facet))
        values = list(counts) + [value for value in selected if value not in counts]
        if not values:
            continue
        facets.append(
            (
                facet,
                [
                    (value, facet_label(request, facet, value), counts.get(value, 0), value in selected)
                    for value in values
                ],
            )
        )
    return facets


def facet_label(request, facet, value):
    """What a patron reads for a facet value (the template translates the fixed ones)."""
    if facet == "language":
        return language_name(request, value)
    return value


def _chosen(request, query):
    """The filters in force, each with the link that drops it."""
    chosen = []
    for facet, values in (
        ("medium", query.media),
        ("language", query.languages),
        ("audience", query.audiences),
        ("subject", query.subjects),
        ("origin", query.origins),
    ):
        for value in values:
            rest = [v for v in values if v != value]
            chosen.append((facet, value, facet_label(request, facet, value), {facet: rest}))
    if query.available:
        chosen.append(("available", "yes", "yes", {"available": None}))
    if query.years:
        label = str(query.years[0]) if query.years[0] == query.years[1] else f"{query.years[0]}–{query.years[1]}"
        chosen.append(("year", label, label, {"year": None}))
    return chosen


def _pages(result):
    """Page numbers to link: the first, the last and a window around the current one (None = a gap)."""
    wanted = {1, result.last_page, *range(result.page - PAGE_WINDOW, result.page + PAGE_WINDOW + 1)}
    pages, previous = [], 0
    for number in sorted(n for n in wanted if 1 <= n <= result.last_page):
        if number > previous + 1:
            pages.append(None)
        pages.append(number)
        previous = number
    return pages
