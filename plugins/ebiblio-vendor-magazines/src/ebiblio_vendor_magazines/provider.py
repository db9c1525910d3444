"""The magazine vendor as an ``IContentProvider``: issues of digital replica magazines, read without a loan."""

from __future__ import annotations

import datetime as dt
import logging
import time
from urllib.parse import parse_qs, quote, urlencode, urljoin, urlsplit

from zope.interface import implementer

from ebiblio_portal import vendorhttp
from ebiblio_portal.interfaces import IContentProvider, MalformedResponse, VendorError, VendorRefused
from ebiblio_portal.values import Availability, FulfilmentLink, HealthReport, Origin, SyncBatch

from . import parsing

log = logging.getLogger(__name__)

VENDOR_NAME = "magazines"
ISSUES_PATH = "v1/issues"
REMOVED_PATH = "v1/issues/removed"
OPEN_WITHOUT_LOAN = "simultaneous use: open without a loan"
_ANSWERED = (200, 201, 204, 401, 403, 404, 410)


def make_provider(url, api_key, *, sandbox_app=None, timeout=10.0, public_prefix=None, **options):
    """A ``MagazineProvider`` talking to ``url`` (or, for ``"sandbox"``, to ``sandbox_app`` in process).

    ``public_prefix`` replaces the in-process sandbox's host in the links it
    emits, so a browser reaches the sandbox where the portal serves it.
    """
    client = vendorhttp.make_client(url, sandbox_app=sandbox_app, timeout=timeout, headers={"X-Api-Key": api_key})
    return MagazineProvider(client, public_prefix=public_prefix, **options)


@implementer(IContentProvider)
class MagazineProvider:
    """Digital replica magazines, issue by issue: every patron may open every issue at once.

    ``page_size`` is how many issues one sync batch asks for; ``link_seconds``
    how long a reader link stays valid.
    """

    name = VENDOR_NAME
    title = "Näköislehdet / Digital replica magazines"
    origin = Origin.DOMESTIC
    queues = False

    def __init__(self, client, *, page_size=1000, link_seconds=4 * 3600, public_prefix=None):
        self.http = vendorhttp.VendorHTTP(client, VENDOR_NAME)
        self.base_url = str(client.base_url)
        self.page_size = page_size
        self.link_seconds = link_seconds
        self.public_prefix = public_prefix

    # -- the catalogue -----------------------------------------------------

    def sync(self, since, cursor=None):
        """Yield batches of issues changed since ``since``, then batches of issues that left the archive."""
        since = _aware(since)
        url = cursor if _is_cursor(cursor) else self._issues_url(since)
        periodicals = self._periodicals()
        seen = set()
        while url:
            body = self._json("GET", url)
            if not isinstance(body, dict):
                raise MalformedResponse(f"{VENDOR_NAME}: {_path(url)} did not answer an object")
            if _path(url) == REMOVED_PATH:
                removed, url = self._removed(body, url)
                yield SyncBatch(records=(), cursor=url, removed=removed)
                continue
            records, errors = self._issues(body, periodicals, seen)
            token = _token(body)
            query = _query(url)
            if token:
                url = f"{ISSUES_PATH}?{urlencode({**query, 'page_token': token})}"
            else:
                # The issues are done; what left the archive since the same moment follows.
                url = REMOVED_PATH + (f"?{urlencode({'since': query['since']})}" if "since" in query else "")
            yield SyncBatch(records=records, errors=errors, cursor=url, total=_total(body))

    def _issues_url(self, since):
        query = {"limit": self.page_size}
        if since is not None:
            query["since"] = since.isoformat()
        return f"{ISSUES_PATH}?{urlencode(query)}"

    def _periodicals(self):
        """Every periodical by id, read once per sync: issues name their periodical by id only."""
        found, token = {}, None
        while True:
            url = "v1/titles" + (f"?{urlencode({'page_token': token})}" if token else "")
            body = self._json("GET", url)
            if not isinstance(body, dict) or not isinstance(body.get("titles"), list):
                raise MalformedResponse(f"{VENDOR_NAME}: v1/titles has no list of titles")
            for raw in body["titles"]:
                try:
                    periodical = parsing.periodical(raw)
                except parsing.BadRecord as error:
                    log.warning("%s: a periodical was skipped: %s", VENDOR_NAME, error)
                    continue
                found[periodical.key] = periodical
            token = _token(body)
            if not token:
                return found

    def _issues(self, body, periodicals, seen):
        items = body.get("issues")
        if not isinstance(items, list):
            raise MalformedResponse(f"{VENDOR_NAME}: {ISSUES_PATH} has no list of issues")
        records, errors = [], []
        read = parsing.issue
        for raw in items:
            try:
                record = read(raw, periodicals, self._public_url)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
                errors.append(parsing.record_error(raw, error))
                continue
            # Vendors repeat records across page boundaries; a sync hands each one over once.
            if record.vendor_key in seen:
                continue
            seen.add(record.vendor_key)
            records.append(record)
        return tuple(records), tuple(errors)

    def _removed(self, body, url):
        items = body.get("removed")
        if not isinstance(items, list):
            raise MalformedResponse(f"{VENDOR_NAME}: {REMOVED_PATH} has no list of removed issues")
        removed = []
        for item in items:
            key = item.get("id") if isinstance(item, dict) else item
            if isinstance(key, (str, int)) and not isinstance(key, bool) and str(key).strip():
                removed.append(str(key).strip())
        token = _token(body)
        following = None
        if token:
            following = f"{REMOVED_PATH}?{urlencode({**_query(url), 'page_token': token})}"
        return tuple(removed), following

    # -- one issue ---------------------------------------------------------

    def availability(self, vendor_key):
        """Unlimited (``None`` copies) for an issue the vendor still has; refused for one it has not."""
        body = self._json("GET", _issue_path(vendor_key), about=vendor_key)
        if not isinstance(body, dict):
            raise MalformedResponse(f"{VENDOR_NAME}: the issue {vendor_key} is not an object")
        return Availability(vendor_key=vendor_key, copies_total=None, copies_available=None)

    def checkout(self, vendor_key, license_identifier, patron_ref, loan_id, ends):
        raise VendorRefused(f"{VENDOR_NAME}: {OPEN_WITHOUT_LOAN}")

    def checkin(self, vendor_key, vendor_loan_id):
        """Nothing to return: magazine issues are never lent."""

    def loan_status(self, vendor_key, vendor_loan_id):
        return None

    def place_hold(self, vendor_key, patron_ref, hold_id):
        raise VendorRefused(f"{VENDOR_NAME}: {OPEN_WITHOUT_LOAN}; no holds")

    def release_hold(self, vendor_key, vendor_hold_id):
        raise VendorRefused(f"{VENDOR_NAME}: {OPEN_WITHOUT_LOAN}; no holds")

    def fulfil(self, vendor_key, vendor_loan_id, patron_ref):
        """A signed, expiring link to the vendor's replica reader for this patron."""
        body = self._json(
            "POST",
            _issue_path(vendor_key) + "/reader-links",
            about=vendor_key,
            json={"patron": patron_ref, "expires_in": self.link_seconds},
        )
        href = body.get("url") if isinstance(body, dict) else None
        if not isinstance(href, str) or not href:
            raise MalformedResponse(f"{VENDOR_NAME}: the reader link for {vendor_key} has no url")
        try:
            expires = parsing.moment(body.get("expires"))
        except parsing.BadRecord as error:
            raise MalformedResponse(f"{VENDOR_NAME}: the reader link for {vendor_key}: {error}") from error
        return FulfilmentLink(href=self._public_url(href), media_type="text/html", expires=expires)

    def health(self):
        started = time.perf_counter()
        try:
            body = self._json("GET", "v1/health")
        except VendorError as error:
            return HealthReport(ok=False, detail=str(error))
        latency = (time.perf_counter() - started) * 1000
        status = body.get("status") if isinstance(body, dict) else None
        return HealthReport(ok=status == "ok", detail=f"status: {status}", latency_ms=latency)

    # -- HTTP --------------------------------------------------------------

    def _json(self, method, url, about=None, **kwargs):
        response = self.http.request(method, url, ok=_ANSWERED, **kwargs)
        status = response.status_code
        if status in (401, 403):
            raise VendorRefused(
                f"{VENDOR_NAME}: the vendor refused the API key (HTTP {status}); "
                "check ebiblio.vendor.magazines.api_key / EBIBLIO_VENDOR_MAGAZINES_API_KEY"
            )
        if status == 404:
            raise VendorRefused(f"{VENDOR_NAME}: the vendor has no {about or _path(url)}")
        if status == 410:
            raise VendorRefused(f"{VENDOR_NAME}: {about or _path(url)} has left the vendor's archive")
        return vendorhttp.parse_json(response, VENDOR_NAME)

    def _public_url(self, url):
        if not url.startswith(("http://", "https://")):
            url = urljoin(self.base_url, url)
        if self.public_prefix and url.startswith(self.base_url):
            return self.public_prefix + url[len(self.base_url) :]
        return url


def _issue_path(vendor_key):
    return f"{ISSUES_PATH}/{quote(str(vendor_key), safe='')}"


def _aware(moment):
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _is_cursor(cursor):
    return isinstance(cursor, str) and _path(cursor) in (ISSUES_PATH, REMOVED_PATH)


def _path(url):
    return urlsplit(url).path


def _query(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items() if key != "page_token"}


def _token(body):
    token = body.get("next_page_token")
    return token if isinstance(token, str) and token else None


def _total(body):
    try:
        return parsing.integer(body.get("total"))
    except parsing.BadRecord:
        return None
