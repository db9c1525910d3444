"""The sandbox ODL distributor: a plain WSGI app that speaks OPDS 2.0 + ODL 1.0 for real.

Routes (relative to wherever it is mounted):

- ``GET /`` the OPDS root, linking to the catalogue feed
- ``GET /feed?since=&page=&limit=`` the catalogue, paged, oldest change first
- ``GET /publications/<key>`` one publication with its licenses
- ``GET /licenses/<id>`` a License Info Document
- ``POST /licenses/<id>/checkout?...`` (``GET`` in the bent dialect) a checkout: 201 with a License
  Status Document, 303 to the existing loan for a repeated ``checkout_id``, a problem document when no seat is free
- ``GET /loans/<id>``, ``GET /loans/<id>/license``, ``PUT /loans/<id>/return``, ``PUT /loans/<id>/renew``
- ``GET /covers/<isbn>.svg`` a generated cover (``.png``: a small thumbnail); ``GET /samples/<isbn>.html`` a sample page

Test controls (methods, so they pass through ``FaultInjector``): ``speak``,
``withdraw``, ``touch``, ``corrupt``, ``duplicate_records``, ``advance``.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import math
import threading
import uuid
from html import escape
from urllib.parse import parse_qs, quote, unquote
from wsgiref.util import application_uri

from . import documents as docs
from .catalogue import CATALOGUE_START, Catalogue
from .covers import cover_png, cover_svg
from .lending import Lending, Problem

DEFAULT_LIMIT = 100
MAX_LIMIT = 5000
_REASONS = {
    200: "OK",
    201: "Created",
    303: "See Other",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    410: "Gone",
}


class OdlSandbox:
    """An ODL distributor in memory: ``size`` publications (the classics always among them)."""

    def __init__(self, size=400, *, seed=2024, lenient=False):
        self.catalogue = Catalogue(size, seed)
        self.lending = Lending()
        self.lenient = lenient
        self._lock = threading.RLock()
        self._offset = dt.timedelta(0)
        self._modified = {}
        self._withdrawn = set()
        self._corrupt = set()
        self._duplicate = False
        self._version = 0
        self._order_cache = None

    # -- controls --------------------------------------------------------

    def now(self):
        """The sandbox's clock: real time plus whatever ``advance`` added."""
        return dt.datetime.now(dt.UTC) + self._offset

    def advance(self, delta):
        """Move the clock forward (loans and licenses run out by it)."""
        with self._lock:
            self._offset += delta

    def speak(self, lenient):
        """Switch between the strict dialect and the bent one real distributors use."""
        with self._lock:
            self.lenient = bool(lenient)

    def touch(self, key):
        """Mark a publication changed now, so an incremental feed brings it again."""
        with self._lock:
            self._changed(self._position(key))

    def withdraw(self, key):
        """Take a publication out of the catalogue; feeds then list it without licenses."""
        with self._lock:
            position = self._position(key)
            self._withdrawn.add(position)
            self._changed(position)

    def corrupt(self, key):
        """Serve one publication as a record no reader can make sense of."""
        with self._lock:
            position = self._position(key)
            self._corrupt.add(position)
            self._changed(position)

    def duplicate_records(self, on=True):
        """Repeat the first publication of every feed page at its end, as a sloppy feed would."""
        with self._lock:
            self._duplicate = bool(on)

    def key_of(self, position):
        """The key of the title at a catalogue position (0 is Seitsemän veljestä)."""
        return self.catalogue.title(position).key

    def counts(self, license_identifier):
        """``(left, available)`` of a license now, for tests."""
        with self._lock:
            spec = self._license_spec(license_identifier)[0]
            state = self.lending.peek(spec)
            return state.left, state.available

    def _position(self, key):
        position = self.catalogue.position(key)
        if position is None:
            raise KeyError(key)
        return position

    def _changed(self, position):
        # A change gets a stamp strictly after every earlier one so "since" sees it.
        latest = max(self._modified.values(), default=None)
        now = self.now()
        if latest is not None and now <= latest:
            now = latest + dt.timedelta(microseconds=1)
        self._modified[position] = now
        self._version += 1

    # -- WSGI ------------------------------------------------------------

    def __call__(self, environ, start_response):
        base = application_uri(environ)
        if not base.endswith("/"):
            base += "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "") or "/"
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=False)
        parts = [unquote(part) for part in path.strip("/").split("/")] if path.strip("/") else []
        try:
            status, headers, body = self._route(method, parts, query, base)
        except Problem as problem:
            status, headers = problem.status, [("Content-Type", "application/problem+json")]
            body = _json(docs.problem(problem.status, problem.type, problem.title, problem.detail))
        headers = [*headers, ("Content-Length", str(len(body)))]
        start_response(f"{status} {_REASONS.get(status, 'Unknown')}", headers)
        return [body]

    def _route(self, method, parts, query, base):
        head = parts[0] if parts else ""
        if not parts:
            return self._only(method, "GET") or self._root(base)
        if head == "feed" and len(parts) == 1:
            return self._only(method, "GET") or self._feed(query, base)
        if head == "publications" and len(parts) == 2:
            return self._only(method, "GET") or self._publication(parts[1], base)
        if head == "licenses" and len(parts) == 2:
            return self._only(method, "GET") or self._info(parts[1])
        if head == "licenses" and len(parts) == 3 and parts[2] == "checkout":
            return self._only(method, "GET" if self.lenient else "POST") or self._checkout(parts[1], query, base)
        if head == "loans" and len(parts) == 2:
            return self._only(method, "GET") or self._loan_status(parts[1], base)
        if head == "loans" and len(parts) == 3 and parts[2] == "license":
            return self._only(method, "GET") or self._license_document(parts[1], base)
        if head == "loans" and len(parts) == 3 and parts[2] == "return":
            return self._only(method, "PUT") or self._return(parts[1], base)
        if head == "loans" and len(parts) == 3 and parts[2] == "renew":
            return self._only(method, "PUT") or self._renew(parts[1], query, base)
        if head == "covers" and len(parts) == 2 and parts[1].endswith((".svg", ".png")):
            return self._only(method, "GET") or self._cover(parts[1][:-4], parts[1][-3:])
        if head == "samples" and len(parts) == 2 and parts[1].endswith(".html"):
            return self._only(method, "GET") or self._sample(parts[1][:-5])
        raise Problem(404, "about:blank", "Not found")

    @staticmethod
    def _only(method, allowed):
        if method == allowed or (allowed == "GET" and method == "HEAD"):
            return None
        return (
            405,
            [("Allow", allowed), ("Content-Type", "application/problem+json")],
            _json(docs.problem(405, "about:blank", f"Use {allowed}")),
        )

    # -- catalogue -------------------------------------------------------

    def _root(self, base):
        document = {
            "metadata": {"title": "Sandbox-jakelija (ODL)"},
            "links": [{"rel": "self", "href": base, "type": docs.FEED_TYPE}],
            "navigation": [
                {"href": f"{base}feed", "title": "Kaikki julkaisut", "type": docs.FEED_TYPE, "rel": "subsection"}
            ],
        }
        return 200, [("Content-Type", docs.FEED_TYPE)], _json(document)

    def _feed(self, query, base):
        since = _query_datetime(query, "since")
        page = _query_int(query, "page", 1, minimum=1)
        limit = min(_query_int(query, "limit", DEFAULT_LIMIT, minimum=1), MAX_LIMIT)
        with self._lock:
            self.lending.expire_due(self.now())
            order = self._ordered(since)
            chunk = order[(page - 1) * limit : page * limit]
            publications = [self._publication_document(position, base) for position in chunk]
            lenient = self.lenient
        if self._duplicate and publications:
            publications.append(publications[0])
        total = len(order)
        last = max(1, math.ceil(total / limit))
        prefix = f"{base}feed?limit={limit}" + (f"&since={quote(docs.stamp(since), safe='')}" if since else "")
        links = [
            {"rel": "self", "href": f"{prefix}&page={page}", "type": docs.FEED_TYPE},
            {"rel": "first", "href": f"{prefix}&page=1", "type": docs.FEED_TYPE},
            {"rel": "last", "href": f"{prefix}&page={last}", "type": docs.FEED_TYPE},
        ]
        if page > 1:
            links.append({"rel": "previous", "href": f"{prefix}&page={page - 1}", "type": docs.FEED_TYPE})
        if page < last:
            links.append({"rel": "next", "href": f"{prefix}&page={page + 1}", "type": docs.FEED_TYPE})
        number = (lambda value: str(value)) if lenient else (lambda value: value)
        document = {
            "metadata": {
                "title": "Sandbox-jakelija: julkaisut",
                "numberOfItems": number(total),
                "itemsPerPage": number(limit),
                "currentPage": number(page),
            },
            "links": links,
            "publications": publications,
        }
        return 200, [("Content-Type", docs.FEED_TYPE)], _json(document)

    def _ordered(self, since):
        """Catalogue positions with a change at or after ``since``, oldest change first."""
        cache_key = (since, self._version, len(self.catalogue))
        if self._order_cache is not None and self._order_cache[0] == cache_key:
            return self._order_cache[1]
        size = len(self.catalogue)
        start = 0
        if since is not None:
            # Delivery times are one a minute from CATALOGUE_START, so the first match is computed, not searched.
            start = min(size, max(0, math.ceil((since - CATALOGUE_START).total_seconds() / 60)))
        if not self._modified:
            order = list(range(start, size))
        else:
            base = (
                (self.catalogue.base_modified(position), position)
                for position in range(start, size)
                if position not in self._modified
            )
            changed = sorted(
                (moment, position) for position, moment in self._modified.items() if since is None or moment >= since
            )
            order = [position for _, position in heapq.merge(base, changed)]
        self._order_cache = (cache_key, order)
        return order

    def _modified_of(self, position):
        return self._modified.get(position) or self.catalogue.base_modified(position)

    def _publication_document(self, position, base):
        title = self.catalogue.title(position)
        modified = self._modified_of(position)
        if position in self._corrupt:
            return {
                "metadata": {"identifier": title.key, "title": ["?"], "language": 42, "modified": docs.stamp(modified)}
            }
        counts = {}
        now = self.now()
        for spec in title.licenses:
            state = self.lending.peek(spec)
            counts[spec.identifier] = (state.left, state.available, state.status(now))
        withdrawn = position in self._withdrawn
        return docs.publication(title, base, counts, self.lenient, modified, withdrawn)

    def _publication(self, key, base):
        with self._lock:
            position = self.catalogue.position(key)
            if position is None:
                raise Problem(404, "about:blank", "No such publication")
            if position in self._withdrawn:
                raise Problem(410, "about:blank", "The publication has been withdrawn")
            self.lending.expire_due(self.now())
            document = self._publication_document(position, base)
        return 200, [("Content-Type", docs.PUBLICATION_TYPE)], _json(document)

    def _cover(self, isbn, kind):
        position = self.catalogue.position(isbn)
        if position is None:
            raise Problem(404, "about:blank", "No such cover")
        title = self.catalogue.title(position)
        if kind == "png":
            return 200, [("Content-Type", "image/png"), ("Cache-Control", "max-age=86400")], cover_png(title)
        return 200, [("Content-Type", "image/svg+xml"), ("Cache-Control", "max-age=86400")], cover_svg(title)

    def _sample(self, isbn):
        position = self.catalogue.position(isbn)
        title = None if position is None else self.catalogue.title(position)
        if title is None:
            raise Problem(404, "about:blank", "No such sample")
        page = (
            f'<!DOCTYPE html><html lang="{title.language}"><meta charset="utf-8"><title>{escape(title.title)}</title>'
            f"<h1>{escape(title.title)}</h1><p>{escape(title.description)}</p></html>"
        )
        return 200, [("Content-Type", "text/html; charset=utf-8")], page.encode("utf-8")

    # -- licenses and loans ----------------------------------------------

    def _license_spec(self, license_identifier):
        isbn, _, _ = license_identifier.rpartition("-")
        position = self.catalogue.position(isbn)
        if position is not None and position not in self._withdrawn:
            title = self.catalogue.title(position)
            for spec in title.licenses:
                if spec.identifier == license_identifier:
                    return spec, title
        raise Problem(404, "about:blank", "No such license")

    def _info(self, license_identifier):
        with self._lock:
            now = self.now()
            self.lending.expire_due(now)
            spec, title = self._license_spec(license_identifier)
            document = docs.info_document(spec, title, self.lending.peek(spec), self.lenient, now)
        return 200, [("Content-Type", docs.INFO_TYPE)], _json(document)

    def _checkout(self, license_identifier, query, base):
        loan_id = _query_text(query, "checkout_id") or _query_text(query, "id") or str(uuid.uuid4())
        patron = _query_text(query, "patron_id") or _query_text(query, "patron")
        expires = _query_datetime(query, "expires")
        with self._lock:
            now = self.now()
            self.lending.expire_due(now)
            spec, title = self._license_spec(license_identifier)
            loan, created = self.lending.checkout(spec, title.key, loan_id, patron, expires, now)
            document = docs.status_document(loan, base, self.lenient)
        location = f"{base}loans/{quote(loan.identifier, safe='')}"
        if not created:
            return 303, [("Location", location)], b""
        return 201, [("Content-Type", docs.STATUS_TYPE), ("Location", location)], _json(document)

    def _loan(self, loan_id):
        loan = self.lending.loans.get(loan_id)
        if loan is None:
            raise Problem(404, "about:blank", "No such loan")
        return loan

    def _loan_status(self, loan_id, base):
        with self._lock:
            self.lending.expire_due(self.now())
            document = docs.status_document(self._loan(loan_id), base, self.lenient)
        return 200, [("Content-Type", docs.STATUS_TYPE)], _json(document)

    def _license_document(self, loan_id, base):
        with self._lock:
            now = self.now()
            self.lending.expire_due(now)
            loan = self._loan(loan_id)
            if not loan.live:
                raise Problem(403, "about:blank", "The loan is over")
            self.lending.activate(loan, now)
            title = self.catalogue.title(self.catalogue.position(loan.publication_key))
            document = docs.lcp_license(loan, title, base)
        return 200, [("Content-Type", docs.LCP_TYPE)], _json(document)

    def _return(self, loan_id, base):
        with self._lock:
            now = self.now()
            self.lending.expire_due(now)
            loan = self._loan(loan_id)
            self.lending.give_back(loan, now)
            document = docs.status_document(loan, base, self.lenient)
        return 200, [("Content-Type", docs.STATUS_TYPE)], _json(document)

    def _renew(self, loan_id, query, base):
        end = _query_datetime(query, "end")
        with self._lock:
            now = self.now()
            self.lending.expire_due(now)
            loan = self._loan(loan_id)
            spec, _ = self._license_spec(loan.license_identifier)
            self.lending.renew(loan, spec, end, now)
            document = docs.status_document(loan, base, self.lenient)
        return 200, [("Content-Type", docs.STATUS_TYPE)], _json(document)


def _json(document):
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _query_text(query, name):
    values = query.get(name)
    return values[0] if values else None


def _query_int(query, name, default, minimum):
    text = _query_text(query, name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError as error:
        raise Problem(400, "about:blank", f"{name} is not a number") from error
    if value < minimum:
        raise Problem(400, "about:blank", f"{name} is below {minimum}")
    return value


def _query_datetime(query, name):
    text = _query_text(query, name)
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace(" ", "+"))
    except ValueError as error:
        raise Problem(400, "about:blank", f"{name} is not an ISO 8601 date-time") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
