"""A minimal vendor plugin for ebiblio-portal: a sandbox vendor, its IContentProvider and the plugin's hooks.

Five public-domain Finnish classics, lent over a small JSON API. The file is
documentation (docs/plugins.md walks through it) and it is real: the tests in
tests/docs run the shared conformance suite against it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
import time
from urllib.parse import parse_qs, quote

from zope.interface import implementer

from ebiblio_portal import hookimpl
from ebiblio_portal.interfaces import IContentProvider, MalformedResponse, VendorError, VendorRefused
from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.values import (
    Availability,
    Contributor,
    FulfilmentLink,
    HealthReport,
    LicenseTerms,
    LoanGrant,
    Medium,
    Origin,
    PublicationRecord,
    RecordError,
    Sandbox,
    Setting,
    SyncBatch,
)
from ebiblio_portal.vendorhttp import VendorHTTP, make_client, parse_json

VENDOR_NAME = "minimal"
PREFIX = f"ebiblio.vendor.{VENDOR_NAME}."
PAGE_SIZE = 2
LOAN_LENGTH = dt.timedelta(days=14)

# -- 1. The sandbox vendor: a WSGI app speaking the vendor's JSON API ------------

TITLES = [
    # key, title, author, language, published, seats
    ("kivi-1870", "Seitsemän veljestä", "Aleksis Kivi", "fi", "1870-01-01", 2),
    ("canth-1885", "Työmiehen vaimo", "Minna Canth", "fi", "1885-01-01", 1),
    ("aho-1884", "Rautatie", "Juhani Aho", "fi", "1884-01-01", 2),
    ("runeberg-1848", "Fänrik Ståls sägner", "Johan Ludvig Runeberg", "sv", "1848-01-01", 3),
    ("leino-1903", "Helkavirsiä", "Eino Leino", "fi", "1903-01-01", 1),
]
MODIFIED = "2024-04-23T08:00:00+00:00"


class MinimalSandbox:
    """The vendor's API in process, with honest seat accounting."""

    def __init__(self):
        keys = ("key", "title", "author", "language", "published", "seats")
        self.titles = {row[0]: dict(zip(keys, row, strict=True), modified=MODIFIED) for row in TITLES}
        self.loans = {}  # vendor loan id -> loan
        self.lock = threading.Lock()  # never lend more seats than there are, under any concurrency
        self.ids = itertools.count(1)

    def __call__(self, environ, start_response):
        method, parts = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "").strip("/").split("/")
        query = {name: values[0] for name, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        with self.lock:
            status, body = self.route(method, parts, query, environ)
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    def route(self, method, parts, query, environ):
        match method, parts:
            case "GET", ["titles"]:
                return self.list_titles(query.get("since"), int(query.get("page", "1")))
            case "GET", ["titles", key, "availability"] if key in self.titles:
                return "200 OK", {"key": key, "seats": self.titles[key]["seats"], "free": self.free(key)}
            case "POST", ["loans"]:
                request = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
                return self.lend(request["key"], request["loan_id"])
            case "GET", ["loans", loan_id] if loan_id in self.loans:
                return "200 OK", self.loans[loan_id]
            case "DELETE", ["loans", loan_id] if loan_id in self.loans:
                self.loans[loan_id]["status"] = "returned"  # returning twice is one return
                return "200 OK", self.loans[loan_id]
            case "GET", ["loans", loan_id, "read"] if self.loans.get(loan_id, {}).get("status") == "active":
                # A real vendor answers with its web reader; the sandbox points at the loan itself.
                host = f"{environ['wsgi.url_scheme']}://{environ['HTTP_HOST']}{environ.get('SCRIPT_NAME', '')}"
                return "200 OK", {"href": f"{host}/loans/{loan_id}"}
        return "404 Not Found", {"error": "not found"}

    def list_titles(self, since, page):
        after = dt.datetime.fromisoformat(since) if since else None
        found = [t for t in self.titles.values() if after is None or dt.datetime.fromisoformat(t["modified"]) > after]
        start = (page - 1) * PAGE_SIZE
        following = str(page + 1) if start + PAGE_SIZE < len(found) else None
        return "200 OK", {"titles": found[start : start + PAGE_SIZE], "next": following, "total": len(found)}

    def free(self, key):
        lent = sum(1 for loan in self.loans.values() if loan["key"] == key and loan["status"] == "active")
        return self.titles[key]["seats"] - lent

    def lend(self, key, loan_id):
        for loan in self.loans.values():
            if loan["loan_id"] == loan_id:
                return "200 OK", loan  # the same checkout again: the same loan
        if key not in self.titles:
            return "404 Not Found", {"error": "unknown title"}
        if self.free(key) < 1:
            return "409 Conflict", {"error": "no free seat"}
        starts = dt.datetime.now(dt.UTC)
        loan = {"id": f"L{next(self.ids)}", "loan_id": loan_id, "key": key, "status": "active"}
        loan.update(starts=starts.isoformat(), ends=(starts + LOAN_LENGTH).isoformat())
        self.loans[loan["id"]] = loan
        return "201 Created", loan


# -- 2. The content provider: the portal's side of the same API ------------------


def make_provider(base_url, sandbox_app=None, timeout=10.0, token=None):
    """A provider for ``base_url``; ``"sandbox"`` talks to ``sandbox_app`` in process."""
    return MinimalProvider(make_client(base_url, sandbox_app=sandbox_app, token=token, timeout=timeout))


@implementer(IContentProvider)
class MinimalProvider:
    name = VENDOR_NAME
    title = "Minimal example vendor"
    origin = Origin.DOMESTIC
    queues = False  # the portal keeps the hold queue

    def __init__(self, client):
        self.http = VendorHTTP(client, VENDOR_NAME)  # vendor failures become VendorError

    def sync(self, since, cursor=None):
        page = cursor or "1"
        while page:
            params = {"page": page, **({"since": since.isoformat()} if since else {})}
            body = self.http.json("GET", "titles", params=params)
            if not isinstance(body, dict) or not isinstance(body.get("titles"), list):
                raise MalformedResponse(f"{VENDOR_NAME}: titles has no list of titles")
            records, errors = [], []
            for raw in body["titles"]:
                try:
                    records.append(self.record(raw))
                except (KeyError, TypeError, ValueError) as error:  # one bad record never stops the sync
                    errors.append(RecordError(None, f"{type(error).__name__}: {error}", json.dumps(raw)[:500]))
            page = body.get("next")
            yield SyncBatch(tuple(records), tuple(errors), cursor=page, total=body.get("total"))

    def record(self, raw):
        return PublicationRecord(
            vendor_key=raw["key"],
            medium=Medium.EBOOK,
            title=raw["title"],
            language=raw["language"],
            contributors=(Contributor(raw["author"]),),
            published=dt.date.fromisoformat(raw["published"]),
            modified=dt.datetime.fromisoformat(raw["modified"]),
            licenses=(LicenseTerms(f"{raw['key']}-1", concurrency=raw["seats"], loan_length=LOAN_LENGTH),),
        )

    def availability(self, vendor_key):
        body = self.http.json("GET", f"titles/{quote(vendor_key)}/availability")
        return Availability(vendor_key, copies_total=body["seats"], copies_available=body["free"])

    def checkout(self, vendor_key, license_identifier, patron_ref, loan_id, ends):
        return self.grant(self.http.json("POST", "loans", json={"key": vendor_key, "loan_id": loan_id}))

    def checkin(self, vendor_key, vendor_loan_id):
        self.http.request("DELETE", f"loans/{quote(vendor_loan_id)}", ok=(200, 404))

    def loan_status(self, vendor_key, vendor_loan_id):
        response = self.http.request("GET", f"loans/{quote(vendor_loan_id)}", ok=(200, 404))
        return None if response.status_code == 404 else self.grant(parse_json(response, VENDOR_NAME))

    def place_hold(self, vendor_key, patron_ref, hold_id):
        raise VendorRefused(f"{VENDOR_NAME}: the portal keeps the queue")

    def release_hold(self, vendor_key, vendor_hold_id):
        raise VendorRefused(f"{VENDOR_NAME}: the portal keeps the queue")

    def fulfil(self, vendor_key, vendor_loan_id, patron_ref):
        if vendor_loan_id is None:
            raise VendorRefused(f"{VENDOR_NAME}: every title needs a loan")
        body = self.http.json("GET", f"loans/{quote(vendor_loan_id)}/read")
        return FulfilmentLink(href=body["href"], media_type="text/html")

    def health(self):
        started = time.perf_counter()
        try:
            self.http.json("GET", "titles", params={"page": "1"})
        except VendorError as error:
            return HealthReport(ok=False, detail=str(error))
        return HealthReport(ok=True, latency_ms=(time.perf_counter() - started) * 1000)

    def grant(self, loan):
        return LoanGrant(
            vendor_loan_id=loan["id"],
            license_identifier=f"{loan['key']}-1",
            starts=dt.datetime.fromisoformat(loan["starts"]),
            ends=dt.datetime.fromisoformat(loan["ends"]),
            status=loan["status"],
        )


# -- 3. The hooks: how the portal finds all of the above -------------------------


@hookimpl
def register_settings():
    return [
        Setting(PREFIX + "url", "url", help="base URL of the vendor's API, or 'sandbox'"),
        Setting(PREFIX + "token", "secret", env="EBIBLIO_VENDOR_MINIMAL_TOKEN", help="the vendor's API token"),
        Setting(PREFIX + "timeout", "int", default=10, help="seconds to wait for the vendor"),
    ]


@hookimpl
def register_sandboxes(settings):
    return [Sandbox(VENDOR_NAME, FaultInjector(MinimalSandbox()))]


@hookimpl
def register_content_providers(settings, sandboxes):
    url = settings.get(PREFIX + "url")
    if not url:
        return []  # not configured: this portal does not use the vendor
    timeout = float(settings.get(PREFIX + "timeout") or 10)
    return [make_provider(url, sandboxes.get(VENDOR_NAME), timeout, settings.get(PREFIX + "token"))]
