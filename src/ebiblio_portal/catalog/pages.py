"""The title page, browsing (subjects, series, authors) and magazines with their issues."""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError
from pyramid.httpexceptions import HTTPMovedPermanently, HTTPNotFound
from pyramid.view import view_config

from ..i18n.formatting import locale_of
from ..values import Audience, Medium
from . import browse
from .actions import title_actions_service
from .availability import availability_for, vendors_counting_seats
from .titles import authors_of, format_duration, format_wait, more_by_author, offers_of, series_place

# Identifiers beyond PostgreSQL's integer are no publication; asking the database would be an error.
MAX_ID = 2**31 - 1
MAX_NAME = 300


def includeme(config):
    config.registry["catalog.cache"] = browse.TTLCache(int(config.get_settings().get("ebiblio.browse_cache", 300)))
    config.add_route("publication_legacy", "/julkaisu/{id:\\d+}")
    config.add_route("browse", "/selaa")
    config.add_route("browse_new", "/selaa/uutuudet")
    config.add_route("browse_subjects", "/selaa/aiheet")
    config.add_route("browse_subject", "/selaa/aiheet/{subject:.*[^/]}")
    config.add_route("browse_series_index", "/selaa/sarjat")
    config.add_route("browse_series", "/selaa/sarjat/{series:.*[^/]}")
    config.add_route("browse_authors", "/selaa/tekijat")
    config.add_route("browse_author", "/selaa/tekijat/{name:.*[^/]}")
    config.add_route("magazines", "/lehdet")
    config.add_route("periodical", "/lehdet/{periodical_key:.*[^/]}")
    config.add_request_method(title_actions_service, "title_actions", reify=True)
    config.include(".lanes")
    config.scan(".pages")


def page_param(request):
    """``?page=``: anything that is not a positive number is the first page."""
    try:
        return max(1, min(int(request.GET.get("page", "1")), browse.MAX_PAGE))
    except ValueError:
        return 1


def letter_param(request):
    letter = request.GET.get("letter", "A")
    return letter if letter in browse.LETTERS or letter == browse.OTHER else "A"


def name_param(request, key):
    value = request.matchdict[key].strip()
    if not value or len(value) > MAX_NAME:
        raise HTTPNotFound()
    return value


def language_name(code, locale):
    """ "suomi", "svenska", "English": the language's name in the reader's language, or the code."""
    try:
        return Locale.parse(locale).languages.get(code, code)
    except (ValueError, UnknownLocaleError):
        return code


def title_page(request):
    """Everything about one work, seen from one of its publications."""
    identifier = int(request.matchdict["id"])
    session, locale = request.dbsession, locale_of(request)
    publication, all_offers = offers_of(session, identifier) if identifier <= MAX_ID else (None, [])
    if publication is None:
        raise HTTPNotFound()
    availability = availability_for(session, all_offers, counted_by_vendor=vendors_counting_seats(request))
    service = request.title_actions
    return {
        "publication": publication,
        "offers": all_offers,
        "availability": availability,
        "actions": {p.id: service.actions(request, p, availability[p.id]) for p in all_offers},
        "lending_open": service.lending_open,
        "durations": {p.id: format_duration(p.duration_seconds, locale) for p in all_offers},
        "waits": {
            pid: format_wait(a.estimated_wait, locale)
            for pid, a in availability.items()
            if a.estimated_wait is not None and a.estimated_wait.total_seconds() > 0
        },
        "language_names": {p.language: language_name(p.language, locale) for p in all_offers},
        "authors": authors_of(publication),
        "series": series_place(session, publication),
        "more_by_author": more_by_author(session, publication),
    }


@view_config(route_name="publication_legacy", request_method="GET")
def publication_legacy(request):
    # The first address of the title page; links from before are kept working.
    return HTTPMovedPermanently(location=request.route_path("publication", id=request.matchdict["id"]))


def cache(request):
    return request.registry["catalog.cache"]


@view_config(route_name="browse", renderer="browse.jinja2", request_method="GET")
def browse_root(request):
    session, language = request.dbsession, locale_of(request)
    return {
        "subjects": browse.popular_subjects(session, cache(request), language),
        "periodicals": browse.periodicals(session, cache(request), language)[:12],
    }


def choice(request, key, allowed):
    value = request.GET.get(key)
    return value if value in allowed else None


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


@view_config(route_name="browse_new", renderer="browse_list.jinja2", request_method="GET")
def browse_new(request):
    """Show-all pages of the front-page lanes: newest by medium, language or audience, or popular now."""
    page = page_param(request)
    if request.GET.get("sort") == "popular":
        found = browse.popular_page(request.dbsession, cache(request), page)
        return {
            "kind": "popular",
            "name": None,
            "found": found,
            "route": "browse_new",
            "route_args": {},
            "query": {"sort": "popular"},
        }
    language = request.GET.get("language", "")
    filters = {
        "medium": choice(request, "medium", set(Medium)),
        "language": language if LANGUAGE_CODE.fullmatch(language) else None,
        "audience": choice(request, "audience", set(Audience)),
    }
    found = browse.newest_page(request.dbsession, cache(request), page, **filters)
    query = {k: v for k, v in filters.items() if v}
    return {
        "kind": "new",
        "name": None,
        "filters": filters,
        "found": found,
        "route": "browse_new",
        "route_args": {},
        "query": query,
    }


@view_config(route_name="browse_subjects", renderer="browse_names.jinja2", request_method="GET")
def browse_subjects(request):
    counted = browse.subjects(request.dbsession, cache(request), locale_of(request))
    page = browse.clamp_page(page_param(request), len(counted), browse.NAMES_PER_PAGE)
    per = browse.NAMES_PER_PAGE
    return {
        "kind": "subjects",
        "names": browse.Page(counted[(page - 1) * per : page * per], len(counted), page, per),
        "letter": None,
        "link_route": "browse_subject",
        "link_key": "subject",
    }


def _names(request, kind, finder, link_route, link_key):
    letter = letter_param(request)
    found = finder(request.dbsession, letter, locale_of(request), page_param(request))
    found.items = [(name, None) for name in found.items]
    return {
        "kind": kind,
        "names": found,
        "letter": letter,
        "link_route": link_route,
        "link_key": link_key,
        "LETTERS": browse.LETTERS,
        "OTHER": browse.OTHER,
    }


@view_config(route_name="browse_series_index", renderer="browse_names.jinja2", request_method="GET")
def browse_series_index(request):
    return _names(request, "series", browse.series_names, "browse_series", "series")


@view_config(route_name="browse_authors", renderer="browse_names.jinja2", request_method="GET")
def browse_authors(request):
    return _names(request, "authors", browse.contributor_names, "browse_author", "name")


def _listing(request, kind, name, found, route, key):
    if not found.items and found.page == 1:
        raise HTTPNotFound()
    return {"kind": kind, "name": name, "found": found, "route": route, "route_args": {key: name}}


@view_config(route_name="browse_subject", renderer="browse_list.jinja2", request_method="GET")
def browse_subject(request):
    subject = name_param(request, "subject")
    found = browse.by_subject(request.dbsession, subject, page_param(request))
    return _listing(request, "subject", subject, found, "browse_subject", "subject")


@view_config(route_name="browse_series", renderer="browse_list.jinja2", request_method="GET")
def browse_series(request):
    series = name_param(request, "series")
    found = browse.by_series(request.dbsession, series, page_param(request))
    return _listing(request, "series", series, found, "browse_series", "series")


@view_config(route_name="browse_author", renderer="browse_list.jinja2", request_method="GET")
def browse_author(request):
    name = name_param(request, "name")
    found = browse.by_contributor(request.dbsession, name, page_param(request))
    return _listing(request, "author", name, found, "browse_author", "name")


@view_config(route_name="magazines", renderer="magazines.jinja2", request_method="GET")
def magazines(request):
    every = browse.periodicals(request.dbsession, cache(request), locale_of(request))
    per = browse.PER_PAGE * 2
    page = browse.clamp_page(page_param(request), len(every), per)
    return {"found": browse.Page(every[(page - 1) * per : page * per], len(every), page, per)}


@view_config(route_name="periodical", renderer="browse_list.jinja2", request_method="GET")
def periodical(request):
    key = name_param(request, "periodical_key")
    found = browse.issues(request.dbsession, key, page_param(request))
    title = found.items[0].periodical_title if found.items else key
    return _listing(request, "periodical", title, found, "periodical", "periodical_key") | {
        "route_args": {"periodical_key": key}
    }
