"""A sandbox of the foreign ONIX vendor, speaking its protocol for real.

Raw WSGI, in-memory state behind one lock:

- ``GET /onix/deliveries?since=ISO`` lists delivery files; ``GET /onix/deliveries/<name>.xml`` streams one.
- ``GET /api/v1/availability/<key>``; ``POST /api/v1/loans``; ``GET|DELETE /api/v1/loans/<id>``;
  ``GET /api/v1/loans/<id>/fulfilment``; ``POST /api/v1/holds``; ``DELETE /api/v1/holds/<id>``;
  ``GET /api/v1/status``.
- ``GET /covers/<key>.svg`` and the signed ``GET /content/<loan id>`` links need no token.

Everything under ``/onix`` and ``/api`` wants ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import threading
import urllib.parse
import wsgiref.util
import zlib

from .. import writer
from ..catalogue import Catalogue
from . import deliveries

DEFAULT_TOKEN = "onix-sandbox-token"
MAX_LOAN = dt.timedelta(days=21)
DEFAULT_LOAN = dt.timedelta(days=14)
LINK_LIFETIME = dt.timedelta(hours=1)
PROBLEM_BASE = "https://sandbox.invalid/problems/"

_STATUS = {
    200: "200 OK",
    201: "201 Created",
    204: "204 No Content",
    400: "400 Bad Request",
    401: "401 Unauthorized",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    409: "409 Conflict",
    410: "410 Gone",
    422: "422 Unprocessable Entity",
}


def _iso(moment):
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_iso(text):
    value = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclasses.dataclass(slots=True)
class _Loan:
    loan_id: str
    product: str
    patron: str
    starts: dt.datetime
    ends: dt.datetime
    returned: dt.datetime | None = None

    def status(self, now):
        if self.returned is not None:
            return "returned"
        return "active" if now < self.ends else "expired"


@dataclasses.dataclass(slots=True)
class _Hold:
    hold_id: str
    product: str
    patron: str


class _Problem(Exception):
    def __init__(self, status, kind, title, detail=""):
        super().__init__(title)
        self.status, self.kind, self.title, self.detail = status, kind, title, detail


class OnixSandbox:
    """The sandbox vendor. ``size`` products (classics first); ``token`` is the bearer token it accepts."""

    def __init__(self, size=500, *, seed=7, token=DEFAULT_TOKEN, short_tags=False, builtin_changes=True):
        self.catalogue = Catalogue(size, seed=seed)
        self.token = token
        self.short_tags = short_tags
        self.duplicates = False
        self._lock = threading.RLock()
        self._clock = None
        self._secret = hashlib.sha256(f"onix-sandbox-{seed}".encode()).digest()
        self._deltas = []
        self._loans = {}
        self._holds = {}
        self._queues = {}
        if builtin_changes and size > 40:
            self._builtin_changes()

    # -- controls for tests and the demo -------------------------------------------------------------------------

    def now(self):
        return self._clock or dt.datetime.now(dt.UTC)

    def set_clock(self, moment):
        """Freeze the sandbox clock at ``moment`` (None: real time again)."""
        self._clock = moment

    def advance(self, delta):
        self._clock = self.now() + delta

    def set_duplicates(self, on=True):
        """Make full deliveries repeat some products (the later copy revised)."""
        self.duplicates = bool(on)

    def set_short_tags(self, on=True):
        self.short_tags = bool(on)

    def product(self, key):
        """The product as it is now (after every delta), or None when unknown or deleted."""
        with self._lock:
            changed, deleted = deliveries.overrides(self._deltas)
        if key in deleted:
            return None
        return changed.get(key) or self.catalogue.get(key)

    def deliver(self, items, created=None):
        """Publish a delta delivery of ``(product, notification)`` pairs; returns its name."""
        with self._lock:
            created = created or self.now()
            delta = deliveries.Delta(len(self._deltas) + 1, created, tuple(items))
            self._deltas.append(delta)
            return delta.name

    def update(self, key, created=None, **changes):
        product = self._existing(key)
        return self.deliver([(dataclasses.replace(product, **changes), "03")], created)

    def withdraw(self, key, created=None):
        return self.update(key, created, withdrawn=True)

    def delete(self, key, created=None):
        return self.deliver([(self._existing(key), "05")], created)

    def _existing(self, key):
        product = self.product(key)
        if product is None:
            raise KeyError(key)
        return product

    def _builtin_changes(self):
        # One change delivery after the opening: a new description, a withdrawal and a deletion.
        seven = self.catalogue.product(0)
        created = deliveries.BASE_CREATED + dt.timedelta(days=39)
        self.deliver(
            [
                (dataclasses.replace(seven, description=seven.description + " A new afterword."), "03"),
                (dataclasses.replace(self.catalogue.product(38), withdrawn=True), "03"),
                (self.catalogue.product(39), "05"),
            ],
            created,
        )

    # -- WSGI ----------------------------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            if path.startswith("/covers/"):
                return self._cover(path, start_response)
            if path.startswith("/content/"):
                return self._content(environ, path, start_response)
            if path.startswith(("/onix/", "/api/")):
                self._authorize(environ)
                if path.startswith("/onix/"):
                    return self._onix(environ, method, path, start_response)
                return self._api(environ, method, path, start_response)
            raise _Problem(404, "not-found", "No such resource")
        except _Problem as problem:
            return self._problem(problem, start_response)

    def _authorize(self, environ):
        expected = f"Bearer {self.token}"
        given = environ.get("HTTP_AUTHORIZATION", "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise _Problem(401, "unauthorized", "A valid bearer token is required")

    def _onix(self, environ, method, path, start_response):
        if method != "GET":
            raise _Problem(405, "method-not-allowed", "Deliveries are read-only")
        if path.rstrip("/") == "/onix/deliveries":
            query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
            since = query.get("since", [None])[0]
            try:
                since = _parse_iso(since) if since else None
            except ValueError as error:
                raise _Problem(400, "bad-request", "since is not an ISO 8601 timestamp") from error
            return self._json(200, {"deliveries": self._listing(environ, since)}, start_response)
        name = path[len("/onix/deliveries/") :] if path.startswith("/onix/deliveries/") else ""
        if not name.endswith(".xml"):
            raise _Problem(404, "not-found", "No such delivery")
        return self._delivery(environ, name[: -len(".xml")], start_response)

    def _listing(self, environ, since):
        base = wsgiref.util.application_uri(environ).rstrip("/") + "/"
        with self._lock:
            deltas = list(self._deltas)
        if since is None:
            created = deltas[-1].created if deltas else deliveries.BASE_CREATED
            entries = [("full", deliveries.full_name(len(deltas)), created, len(self.catalogue))]
        else:
            entries = [("full", deliveries.full_name(0), deliveries.BASE_CREATED, len(self.catalogue))]
            entries += [("delta", delta.name, delta.created, len(delta.items)) for delta in deltas]
            entries = [entry for entry in entries if entry[2] > since]
        return [
            {
                "name": name,
                "kind": kind,
                "created": _iso(created),
                "products": count,
                "href": f"{base}onix/deliveries/{name}.xml",
            }
            for kind, name, created, count in entries
        ]

    def _delivery(self, environ, name, start_response):
        parsed = deliveries.parse_name(name)
        with self._lock:
            deltas = list(self._deltas)
        if parsed is None or parsed[1] > len(deltas) or (parsed[0] == "delta" and parsed[1] == 0):
            raise _Problem(404, "not-found", "No such delivery")
        kind, number = parsed
        if kind == "full":
            items = deliveries.snapshot_items(self.catalogue, deltas[:number], self.duplicates)
            sent = deltas[number - 1].created if number else deliveries.BASE_CREATED
        else:
            items = iter(deltas[number - 1].items)
            sent = deltas[number - 1].created
        base = wsgiref.util.application_uri(environ).rstrip("/") + "/"
        start_response("200 OK", [("Content-Type", "application/xml; charset=utf-8")])
        return writer.onix_chunks(items, base, sent, short_tags=self.short_tags)

    def _api(self, environ, method, path, start_response):
        parts = [urllib.parse.unquote(part) for part in path.split("/")[3:] if part]
        base = wsgiref.util.application_uri(environ).rstrip("/") + "/"
        with self._lock:
            if parts == ["status"] and method == "GET":
                return self._json(200, {"status": "ok", "products": len(self.catalogue)}, start_response)
            if len(parts) == 2 and parts[0] == "availability" and method == "GET":
                return self._json(200, self._availability(parts[1]), start_response)
            if parts == ["loans"] and method == "POST":
                status, body = self._lend(_body(environ), base)
                return self._json(status, body, start_response)
            if len(parts) == 2 and parts[0] == "loans" and method == "GET":
                return self._json(200, self._loan_body(self._loan(parts[1]), base), start_response)
            if len(parts) == 2 and parts[0] == "loans" and method == "DELETE":
                self._return(parts[1])
                return self._empty(start_response)
            if len(parts) == 3 and parts[0] == "loans" and parts[2] == "fulfilment" and method == "GET":
                return self._json(200, self._fulfilment(parts[1], base), start_response)
            if parts == ["holds"] and method == "POST":
                status, body = self._hold(_body(environ))
                return self._json(status, body, start_response)
            if len(parts) == 2 and parts[0] == "holds" and method == "DELETE":
                self._release(parts[1])
                return self._empty(start_response)
        raise _Problem(404, "not-found", "No such resource")

    # -- lending -------------------------------------------------------------------------------------------------

    def _lendable(self, key):
        product = self.product(key)
        if product is None:
            raise _Problem(404, "unknown-product", "No such product")
        return product

    def _active_loans(self, key):
        now = self.now()
        return [loan for loan in self._loans.values() if loan.product == key and loan.status(now) == "active"]

    def _availability(self, key):
        product = self._lendable(key)
        total = 0 if product.withdrawn else product.copies
        free = max(total - len(self._active_loans(key)), 0)
        return {
            "product": key,
            "copies_total": total,
            "copies_available": free,
            "holds": len(self._queues.get(key, ())),
        }

    def _lend(self, body, base):
        loan_id, key, patron = str(body.get("loan_id") or ""), body.get("product"), body.get("patron")
        if not loan_id or not key or not patron:
            raise _Problem(422, "invalid-request", "product, patron and loan_id are required")
        existing = self._loans.get(loan_id)
        if existing is not None:
            if existing.product != key:
                raise _Problem(409, "loan-id-in-use", "That loan_id belongs to another loan")
            return 200, self._loan_body(existing, base)
        product = self._lendable(key)
        if product.withdrawn:
            raise _Problem(410, "withdrawn", "The product is withdrawn from lending")
        free = product.copies - len(self._active_loans(key))
        queue = self._queues.get(key, [])
        waiting = [self._holds[hold_id] for hold_id in queue]
        # Freed copies go to the patrons at the head of the queue first.
        ahead = [hold for hold in waiting[: max(free, 0)] if hold.patron == patron]
        if free <= 0 or (waiting and not ahead and free <= len(waiting)):
            raise _Problem(409, "no-copy-available", "No copy is free for this patron")
        if ahead:
            self._release(ahead[0].hold_id)
        now = self.now()
        ends = now + DEFAULT_LOAN
        if body.get("expires"):
            try:
                ends = _parse_iso(body["expires"])
            except ValueError as error:
                raise _Problem(422, "invalid-request", "expires is not an ISO 8601 timestamp") from error
        ends = min(ends, now + MAX_LOAN)
        if ends <= now:
            raise _Problem(422, "invalid-request", "expires is in the past")
        loan = _Loan(loan_id, key, patron, now, ends)
        self._loans[loan_id] = loan
        return 201, self._loan_body(loan, base)

    def _loan(self, loan_id):
        loan = self._loans.get(loan_id)
        if loan is None:
            raise _Problem(404, "unknown-loan", "No such loan")
        return loan

    def _loan_body(self, loan, base):
        return {
            "loan_id": loan.loan_id,
            "product": loan.product,
            "status": loan.status(self.now()),
            "starts": _iso(loan.starts),
            "ends": _iso(loan.ends),
            "download_url": f"{base}api/v1/loans/{urllib.parse.quote(loan.loan_id)}/fulfilment",
        }

    def _return(self, loan_id):
        loan = self._loan(loan_id)
        if loan.returned is None and loan.status(self.now()) == "active":
            loan.returned = self.now()

    def _fulfilment(self, loan_id, base):
        loan = self._loan(loan_id)
        if loan.status(self.now()) != "active":
            raise _Problem(410, "loan-ended", "The loan has ended")
        product = self.catalogue.get(loan.product) or self.product(loan.product)
        expires = min(self.now() + LINK_LIFETIME, loan.ends)
        stamp = str(int(expires.timestamp()))
        signature = self._sign(loan_id, stamp)
        query = urllib.parse.urlencode({"expires": stamp, "sig": signature})
        audio = product is not None and product.medium == "audiobook"
        return {
            "href": f"{base}content/{urllib.parse.quote(loan_id)}?{query}",
            "type": "application/audiobook+json" if audio else "application/vnd.readium.lcp.license.v1.0+json",
            "expires": _iso(expires),
        }

    def _sign(self, loan_id, stamp):
        return hmac.new(self._secret, f"{loan_id}:{stamp}".encode(), hashlib.sha256).hexdigest()[:32]

    def _hold(self, body):
        hold_id, key, patron = str(body.get("hold_id") or ""), body.get("product"), body.get("patron")
        if not hold_id or not key or not patron:
            raise _Problem(422, "invalid-request", "product, patron and hold_id are required")
        if hold_id in self._holds:
            queue = self._queues.get(self._holds[hold_id].product, [])
            return 200, {"hold_id": hold_id, "position": queue.index(hold_id) + 1}
        product = self._lendable(key)
        if product.withdrawn:
            raise _Problem(410, "withdrawn", "The product is withdrawn from lending")
        self._holds[hold_id] = _Hold(hold_id, key, patron)
        queue = self._queues.setdefault(key, [])
        queue.append(hold_id)
        return 201, {"hold_id": hold_id, "position": len(queue)}

    def _release(self, hold_id):
        hold = self._holds.pop(hold_id, None)
        if hold is not None:
            self._queues[hold.product].remove(hold_id)

    # -- files -----------------------------------------------------------------------------------------------

    def _content(self, environ, path, start_response):
        loan_id = urllib.parse.unquote(path[len("/content/") :])
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        stamp, signature = query.get("expires", [""])[0], query.get("sig", [""])[0]
        valid = stamp.isdigit() and hmac.compare_digest(signature, self._sign(loan_id, stamp))
        if not valid or int(stamp) < self.now().timestamp():
            raise _Problem(403, "bad-signature", "The link is not valid or has expired")
        with self._lock:
            loan = self._loan(loan_id)
        product = self.product(loan.product) or self.catalogue.get(loan.product)
        metadata = {"title": product.full_title, "identifier": f"urn:isbn:{product.isbn}"} if product else {}
        document = {"id": loan_id, "metadata": metadata, "rights": {"end": _iso(loan.ends)}}
        return self._json(200, document, start_response)

    def _cover(self, path, start_response):
        key = urllib.parse.unquote(path[len("/covers/") :]).removesuffix(".svg")
        product = self.catalogue.get(key)
        if product is None:
            raise _Problem(404, "not-found", "No such cover")
        hue = zlib.crc32(key.encode()) % 360
        title = writer.escape(product.full_title[:40])
        author = writer.escape(product.contributors[0][1] if product.contributors else "")
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="450" viewBox="0 0 300 450">'
            f'<rect width="300" height="450" fill="hsl({hue},45%,35%)"/>'
            f'<text x="150" y="200" font-family="serif" font-size="22" fill="#fff" text-anchor="middle">{title}</text>'
            f'<text x="150" y="250" font-family="sans-serif" font-size="16" fill="#eee" text-anchor="middle">'
            f"{author}</text></svg>"
        ).encode()
        start_response("200 OK", [("Content-Type", "image/svg+xml"), ("Content-Length", str(len(svg)))])
        return [svg]

    # -- responses -----------------------------------------------------------------------------------------------

    @staticmethod
    def _json(status, body, start_response):
        data = json.dumps(body).encode()
        start_response(_STATUS[status], [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    @staticmethod
    def _empty(start_response):
        start_response(_STATUS[204], [])
        return [b""]

    @staticmethod
    def _problem(problem, start_response):
        data = json.dumps(
            {
                "type": PROBLEM_BASE + problem.kind,
                "title": problem.title,
                "status": problem.status,
                "detail": problem.detail,
            }
        ).encode()
        headers = [("Content-Type", "application/problem+json"), ("Content-Length", str(len(data)))]
        if problem.status == 401:
            headers.append(("WWW-Authenticate", 'Bearer realm="onix-sandbox"'))
        start_response(_STATUS[problem.status], headers)
        return [data]


def _body(environ):
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    try:
        body = json.loads(raw or b"{}")
    except ValueError as error:
        raise _Problem(400, "bad-request", "The body is not JSON") from error
    if not isinstance(body, dict):
        raise _Problem(400, "bad-request", "The body must be a JSON object")
    return body
