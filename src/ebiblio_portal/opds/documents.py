"""OPDS 2.0 documents built from the catalogue: publication entries, facets, paging, authentication."""

from __future__ import annotations

import datetime as dt

from ..i18n import _
from ..values import ContributorRole, Medium

FEED = "application/opds+json"
PUBLICATION = "application/opds-publication+json"
AUTHENTICATION = "application/opds-authentication+json"
BORROW = "http://opds-spec.org/acquisition/borrow"
SAMPLE = "http://opds-spec.org/acquisition/sample"
AUTH_DOCUMENT = "http://opds-spec.org/auth/document"
BASIC_AUTH = "http://opds-spec.org/auth/basic"
LCP_LICENSE = "application/vnd.readium.lcp.license.v1.0+json"
# What a borrow finally delivers, by medium: an LCP-protected EPUB, an audiobook manifest, a web publication.
DELIVERED = {
    Medium.EBOOK: [{"type": LCP_LICENSE, "child": [{"type": "application/epub+zip"}]}],
    Medium.AUDIOBOOK: [{"type": LCP_LICENSE, "child": [{"type": "application/audiobook+json"}]}],
    Medium.MAGAZINE: [{"type": "application/webpub+json"}],
}
SCHEMA_TYPES = {
    Medium.EBOOK: "http://schema.org/EBook",
    Medium.AUDIOBOOK: "http://schema.org/Audiobook",
    Medium.MAGAZINE: "http://schema.org/PublicationIssue",
}
IMAGE_TYPES = {".png": "image/png", ".webp": "image/webp", ".gif": "image/gif", ".avif": "image/avif"}
ROLES = {
    ContributorRole.AUTHOR: "author",
    ContributorRole.NARRATOR: "narrator",
    ContributorRole.TRANSLATOR: "translator",
    ContributorRole.ILLUSTRATOR: "illustrator",
    ContributorRole.EDITOR: "editor",
}


def image_type(url):
    path = url.split("?", 1)[0].lower()
    return next((kind for ending, kind in IMAGE_TYPES.items() if path.endswith(ending)), "image/jpeg")


def series_position(number):
    try:
        return float(number.replace(",", "."))
    except (AttributeError, ValueError):
        return None


def metadata(publication):
    """Readium metadata of one publication."""
    data = {
        "@type": SCHEMA_TYPES.get(publication.medium, "http://schema.org/Book"),
        "title": publication.title,
        "sortAs": publication.sort_title,
        "identifier": f"urn:isbn:{publication.isbn}" if publication.isbn else None,
        "language": publication.language,
        "published": publication.published.isoformat() if publication.published else None,
        "modified": publication.modified_at.isoformat() if publication.modified_at else None,
        "publisher": publication.publisher,
        "subtitle": publication.subtitle,
        "description": publication.description,
        "duration": publication.duration_seconds or None,
        "numberOfPages": publication.page_count or None,
    }
    for contributor in publication.contributors:
        key = ROLES.get(contributor.role, "contributor")
        data.setdefault(key, []).append({"name": contributor.name})
    if publication.subjects:
        data["subject"] = [{"name": subject} for subject in publication.subjects]
    belongs = {}
    if publication.series:
        series = {"name": publication.series}
        position = series_position(publication.series_number)
        if position is not None:
            series["position"] = position
        belongs["series"] = [series]
    if publication.periodical_title:
        belongs["periodical"] = [{"name": publication.periodical_title}]
    if belongs:
        data["belongsTo"] = belongs
    return {key: value for key, value in data.items() if value is not None}


def borrow_properties(publication, availability, now):
    """Availability, copies and holds as the OPDS library extensions describe them."""
    state = availability.state
    status = {"state": state}
    if state == "unavailable" and availability.estimated_wait:
        status["until"] = (now + availability.estimated_wait).replace(microsecond=0).isoformat()
    properties = {"availability": status, "indirectAcquisition": DELIVERED.get(publication.medium, [])}
    if availability.counted_by_vendor:
        # The vendor counts the copies: the portal says only how long its own queue is.
        properties["holds"] = {"total": availability.holds}
    elif not availability.unlimited:
        properties["copies"] = {
            "total": availability.copies_total or 0,
            "available": availability.copies_available or 0,
        }
        properties["holds"] = {"total": availability.holds}
    if not properties["indirectAcquisition"]:
        del properties["indirectAcquisition"]
    return properties


# Stands for the id while a route's URL is made once per feed; digits, so no route pattern rejects it.
URL_ID = "918273645546372819"


def id_url(request, route):
    """A function from a publication id to ``route``'s URL: routed once, then formatted per entry."""
    prefix, suffix = request.route_url(route, id=URL_ID).split(URL_ID, 1)
    return lambda identifier: f"{prefix}{int(identifier)}{suffix}"


def entry_urls(request):
    """The URL makers of a publication entry's links, for the entries of one feed to share."""
    return {route: id_url(request, route) for route in ("opds_publication", "publication", "opds_borrow")}


def publication_entry(request, publication, availability, now=None, urls=None):
    """One publication with its borrow link, cover and web page (``urls`` from ``entry_urls``, for a feed)."""
    now = now or dt.datetime.now(dt.UTC)
    urls = urls or entry_urls(request)
    links = [
        {"rel": "self", "href": urls["opds_publication"](publication.id), "type": PUBLICATION},
        {"rel": "alternate", "href": urls["publication"](publication.id), "type": "text/html"},
        {
            "rel": BORROW,
            "href": urls["opds_borrow"](publication.id),
            "type": PUBLICATION,
            "properties": borrow_properties(publication, availability, now),
        },
    ]
    if publication.sample_url:
        links.append({"rel": SAMPLE, "href": publication.sample_url})
    entry = {"metadata": metadata(publication), "links": links}
    if publication.cover_url:
        entry["images"] = [{"href": publication.cover_url, "type": image_type(publication.cover_url)}]
    return entry


def paging(request, route, query, page, per_page, total):
    """first, previous, next and last links of a paged feed, keeping the other parameters."""
    last = max(1, -(-total // per_page))
    links = []

    def link(rel, number):
        links.append({"rel": rel, "href": request.route_url(route, _query={**query, "page": number}), "type": FEED})

    link("first", 1)
    if page > 1:
        link("previous", page - 1)
    if page < last:
        link("next", page + 1)
    link("last", last)
    return links


def search_link(request):
    return {
        "rel": "search",
        "href": request.route_url("opds_search") + "{?query}",
        "type": FEED,
        "templated": True,
    }


def start_links(request, self_href):
    return [
        {"rel": "self", "href": self_href, "type": FEED},
        {"rel": "start", "href": request.route_url("opds_root"), "type": FEED},
        search_link(request),
        {"rel": AUTH_DOCUMENT, "href": request.route_url("opds_auth"), "type": AUTHENTICATION},
    ]


def shelf_link(request):
    """The reading app's "my books" (circulation's loans feed), when circulation is included."""
    try:
        return [{"rel": "http://opds-spec.org/shelf", "href": request.route_url("opds_loans"), "type": FEED}]
    except KeyError:
        return []


def authentication_document(request):
    """How a reading app logs in: basic authentication with the library card number and PIN."""
    translate = request.localizer.translate
    return {
        "id": request.route_url("opds_auth"),
        "title": translate(_("E-library")),
        "description": translate(_("Log in with your library card number and PIN.")),
        "links": [
            {"rel": "start", "href": request.route_url("opds_root"), "type": FEED},
            {"rel": "alternate", "href": request.route_url("home"), "type": "text/html"},
            *shelf_link(request),
        ],
        "authentication": [
            {
                "type": BASIC_AUTH,
                "labels": {"login": translate(_("Library card number")), "password": translate(_("PIN"))},
            }
        ],
    }
