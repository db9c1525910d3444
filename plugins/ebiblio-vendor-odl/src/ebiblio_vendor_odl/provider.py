"""The domestic ODL distributor as an ``IContentProvider``.

The catalogue is an OPDS 2.0 feed whose publications carry ODL licenses;
lending goes through each license's templated checkout link and the Readium
LCP License Status Document it answers with. The portal keeps the hold queue
itself (``queues`` is False).

A loan's ``vendor_loan_id`` is the URL of its License Status Document, as the
Palace/E-kirjasto circulation manager keeps it: every later step (status,
return, fulfilment) starts from that document, whatever host serves it.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import logging
import threading
import time
from urllib.parse import quote, urljoin

from zope.interface import implementer

from ebiblio_portal.interfaces import IContentProvider, MalformedResponse, VendorError, VendorRefused
from ebiblio_portal.values import Availability, FulfilmentLink, HealthReport, LoanGrant, Origin, RecordError, SyncBatch
from ebiblio_portal.vendorhttp import VendorHTTP, parse_json

from . import documents
from .documents import LCP_LICENSE_TYPE, STATUS_DOCUMENT_TYPE
from .reading import as_int
from .uritemplate import expand

log = logging.getLogger(__name__)

_READ_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError)
_UNAVAILABLE_PROBLEMS = (
    "/checkout/unavailable",
    "/checkout/expired",
    "/checkout/not-available",
    "/checkout/not_available",
)
_PROBLEM_STATUSES = (400, 403, 409, 410)
_FEED_TYPES = "application/opds+json, application/json;q=0.9"
_UNSEEN = object()
# Links remembered per process (checkout templates per license, return links per loan): enough for every loan
# a busy process makes in an hour, small beside the process.
REMEMBERED_LINKS = 20_000


def _now():
    return dt.datetime.now(dt.UTC)


@implementer(IContentProvider)
class OdlProvider:
    """Reads an OPDS 2.0 + ODL feed and lends through ODL checkouts.

    ``client`` is an ``httpx.Client`` from ``vendorhttp.make_client``;
    ``feed_path`` and ``publication_path`` are resolved against its base URL
    (``publication_path`` holds ``{key}``). ``checkout_method`` is ``POST`` (the
    specification), ``GET`` (what E-kirjasto's vendor expects) or ``auto``:
    POST first, GET from the first 405 on.
    """

    origin = Origin.DOMESTIC
    queues = False

    def __init__(
        self,
        client,
        *,
        name="odl",
        title="ODL distributor",
        page_size=1000,
        feed_path="feed",
        publication_path="publications/{key}",
        checkout_method="auto",
        clock=_now,
    ):
        if checkout_method not in ("auto", "POST", "GET"):
            raise ValueError(f"checkout_method must be auto, POST or GET, not {checkout_method!r}")
        self.name = name
        self.title = title
        self.page_size = page_size
        self.feed_path = feed_path
        self.publication_path = publication_path
        self.checkout_method = checkout_method
        self.http = VendorHTTP(client, name)
        self._clock = clock
        self._checkout_verb = "GET" if checkout_method == "GET" else "POST"
        self._links = Links(REMEMBERED_LINKS)

    # -- catalogue -------------------------------------------------------

    def sync(self, since, cursor=None):
        """Yield one ``SyncBatch`` per feed page; the cursor is the next page's URL."""
        url = cursor or self._first_page_url(since)
        # The newest ``modified`` yielded per key: a record repeated later in the same sync is dropped
        # unless it changed in between (a feed read while it is being edited may list it twice).
        yielded = {}
        while url:
            response = self.http.request("GET", url, headers={"Accept": _FEED_TYPES})
            page = parse_json(response, self.name)
            batch, url = self._read_page(page, str(response.url), yielded)
            yield batch

    def _first_page_url(self, since):
        params = [f"limit={int(self.page_size)}"]
        if since is not None:
            if since.tzinfo is None:
                since = since.replace(tzinfo=dt.UTC)
            stamp = since.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
            params.append("since=" + quote(stamp, safe=""))
        separator = "&" if "?" in self.feed_path else "?"
        return self.feed_path + separator + "&".join(params)

    def _read_page(self, page, page_url, yielded):
        if not isinstance(page, dict) or not isinstance(page.get("publications", []), list):
            raise MalformedResponse(f"{self.name}: the feed page is not an OPDS 2.0 feed")
        now = self._clock()
        records = {}
        errors = []
        removed = []
        for publication in page.get("publications", ()):
            key = documents.publication_key(publication)
            try:
                if key is None:
                    raise ValueError("publication has no metadata.identifier")
                if documents.is_withdrawn(publication):
                    removed.append(key)
                    records.pop(key, None)
                    continue
                record = documents.read_publication(publication, key, page_url, now)
            except _READ_ERRORS as error:
                errors.append(RecordError(key, f"unreadable publication: {error}", _excerpt(publication)))
                continue
            earlier = records[key].modified if key in records else yielded.get(key, _UNSEEN)
            if earlier is not _UNSEEN and _not_newer(record.modified, earlier):
                continue
            records[key] = record
        for key, record in records.items():
            yielded[key] = record.modified
        metadata = page.get("metadata") if isinstance(page.get("metadata"), dict) else {}
        try:
            total = as_int(metadata.get("numberOfItems"), "numberOfItems")
        except ValueError:
            total = None
        next_link = documents.find_link(page.get("links"), ("next",))
        next_url = next_link.get("href") if next_link else None
        if next_url is not None:
            if not isinstance(next_url, str) or not next_url:
                raise MalformedResponse(f"{self.name}: the feed's next link has no href")
            next_url = urljoin(page_url, next_url)
            if next_url == page_url:
                raise MalformedResponse(f"{self.name}: the feed's next link points at the same page")
        if errors:
            log.warning("%s: %d unreadable publication(s) in a feed page", self.name, len(errors))
        batch = SyncBatch(
            records=tuple(records.values()),
            errors=tuple(errors),
            cursor=next_url,
            total=total,
            removed=tuple(dict.fromkeys(removed)),
        )
        return batch, next_url

    def availability(self, vendor_key):
        """Sum the License Info Documents of the publication's licenses, read now."""
        now = self._clock()
        licenses = self._current_licenses(vendor_key, now)
        total = available = 0
        for terms in licenses:
            if terms.status != "available" or (terms.expires is not None and terms.expires <= now):
                continue
            if terms.checkouts_left == 0:
                continue
            total = None if total is None or terms.concurrency is None else total + terms.concurrency
            if available is not None:
                available = None if terms.checkouts_available is None else available + terms.checkouts_available
        return Availability(
            vendor_key=vendor_key,
            copies_total=total,
            copies_available=available,
            holds=0,
            licenses=tuple(licenses),
        )

    def _publication(self, vendor_key):
        url = self.publication_path.replace("{key}", quote(str(vendor_key), safe=":@"))
        response = self.http.request(
            "GET", url, headers={"Accept": "application/opds-publication+json, application/json;q=0.9"}
        )
        document = parse_json(response, self.name)
        if not isinstance(document, dict):
            raise MalformedResponse(f"{self.name}: the publication document is not an object")
        return document, str(response.url)

    def _offered_licenses(self, vendor_key, now):
        publication, url = self._publication(vendor_key)
        try:
            return [documents.read_license(item, url, now) for item in publication.get("licenses") or ()]
        except _READ_ERRORS as error:
            raise MalformedResponse(f"{self.name}: unreadable license in a publication: {error}") from error

    def _current_licenses(self, vendor_key, now):
        return [terms for _, terms in self._licenses_with_info(self._offered_licenses(vendor_key, now), now)]

    def _licenses_with_info(self, offered, now):
        """Pair each offered license with its counts, re-read from its License Info Document where it has one."""
        current = []
        for license_ in offered:
            terms = license_.terms
            if license_.info_url:
                document = self.http.json("GET", license_.info_url, headers={"Accept": "application/vnd.odl.info+json"})
                try:
                    terms = documents.read_info_document(document, now)
                except _READ_ERRORS as error:
                    raise MalformedResponse(f"{self.name}: unreadable License Info Document: {error}") from error
            current.append((license_, terms))
        return current

    # -- lending ---------------------------------------------------------

    def checkout(self, vendor_key, license_identifier, patron_ref, loan_id, ends):
        """Lend through the given license, or the one with a free seat that expires soonest.

        A license's checkout link seen before is used without reading the publication again; when it no
        longer works, the publication is read and the checkout tried as if it had not been remembered.
        """
        if license_identifier is not None:
            template = self._links.get(("checkout", vendor_key, license_identifier))
            if template is not None:
                try:
                    grant = self._checkout_through(template, license_identifier, patron_ref, loan_id, ends)
                except VendorRefused as error:
                    log.info("%s: a remembered checkout link failed (%s); reading the publication", self.name, error)
                    self._links.pop(("checkout", vendor_key, license_identifier))
                else:
                    if grant is not None:
                        return grant
        now = self._clock()
        offered = self._offered_licenses(vendor_key, now)
        if license_identifier is not None:
            chosen = [item for item in offered if item.terms.identifier == license_identifier]
            if not chosen:
                raise VendorRefused(f"{self.name}: the publication has no license {license_identifier}")
        else:
            free = [
                (item, terms)
                for item, terms in self._licenses_with_info(offered, now)
                if documents.lendable(terms, now)
            ]
            free.sort(key=lambda pair: (pair[1].expires is None, pair[1].expires or now))
            chosen = [item for item, _ in free]
            if not chosen:
                raise VendorRefused(f"{self.name}: no license of the publication has a free seat")
        for license_ in chosen:
            if not license_.checkout_template:
                raise VendorRefused(f"{self.name}: license {license_.terms.identifier} offers no checkout link")
            self._links.put(("checkout", vendor_key, license_.terms.identifier), license_.checkout_template)
            grant = self._checkout_through(
                license_.checkout_template, license_.terms.identifier, patron_ref, loan_id, ends
            )
            if grant is not None:
                return grant
        raise VendorRefused(f"{self.name}: no license of the publication has a free seat")

    def _checkout_through(self, template, license_identifier, patron_ref, loan_id, ends):
        """Check out through one license's link; None when it has no free seat (the next may)."""
        if ends.tzinfo is None:
            ends = ends.replace(tzinfo=dt.UTC)
        url = expand(
            template,
            {
                "id": loan_id,
                "checkout_id": loan_id,
                "patron_id": patron_ref,
                # Some distributors name the patron parameter "patron".
                "patron": patron_ref,
                "expires": ends.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            },
        )
        response = self._send_checkout(url)
        if response.status_code in _PROBLEM_STATUSES:
            kind = documents.problem_type(_json_or_none(response))
            if kind.endswith(_UNAVAILABLE_PROBLEMS):
                log.info("%s: license %s has no free seat", self.name, license_identifier)
                return None
            raise VendorRefused(
                f"{self.name}: checkout through license {license_identifier} refused"
                f" ({response.status_code} {kind or 'no problem type'})"
            )
        if response.status_code == 303:
            # The same checkout_id again: the distributor points at the loan it already made.
            location = response.headers.get("location")
            if not location:
                raise MalformedResponse(f"{self.name}: a 303 answer to a checkout has no Location")
            status_url = urljoin(str(response.url), location)
            loan = self._read_status(self.http.request("GET", status_url, headers={"Accept": STATUS_DOCUMENT_TYPE}))
        else:
            status_url = None
            location = response.headers.get("location")
            if location:
                status_url = urljoin(str(response.url), location)
            loan = self._read_status(response)
        status_url = loan.self_url or status_url
        if not status_url:
            raise MalformedResponse(f"{self.name}: the License Status Document has no link to itself")
        log.info("%s: checkout through license %s is %s", self.name, license_identifier, loan.status)
        if loan.return_template:
            self._links.put(("return", status_url), loan.return_template)
        return self._grant(loan, status_url, license_identifier, fallback_ends=ends)

    def _send_checkout(self, url):
        accepted = (200, 201, 303, *_PROBLEM_STATUSES, 405)
        headers = {"Accept": STATUS_DOCUMENT_TYPE}
        response = self.http.request(self._checkout_verb, url, ok=accepted, headers=headers, follow_redirects=False)
        if response.status_code == 405 and self.checkout_method == "auto" and self._checkout_verb == "POST":
            # The bent dialect: a checkout is a GET at this distributor; remember it.
            self._checkout_verb = "GET"
            response = self.http.request("GET", url, ok=accepted, headers=headers, follow_redirects=False)
        if response.status_code == 405:
            raise VendorRefused(f"{self.name}: the checkout link refuses {self._checkout_verb}")
        return response

    def checkin(self, vendor_key, vendor_loan_id):
        """PUT the loan's return link; a loan already over (or forgotten by the vendor) is fine.

        The return link this process remembers from the checkout is used without reading the License Status
        Document first; when it no longer works, the document is read as if it had not been remembered.
        """
        remembered = self._links.pop(("return", vendor_loan_id))
        if remembered is not None:
            try:
                self._return_through(remembered, vendor_loan_id)
                return
            except VendorRefused as error:
                log.info("%s: a remembered return link failed (%s); reading the loan", self.name, error)
        loan = self._status(vendor_loan_id)
        if loan is None or not loan.live:
            return
        if not loan.return_template:
            raise VendorRefused(f"{self.name}: the loan offers no return link")
        self._return_through(loan.return_template, vendor_loan_id)

    def _return_through(self, template, vendor_loan_id):
        url = expand(template, {"name": "ebiblio-portal"})
        response = self.http.request(
            "PUT", url, ok=(200, 201, 204, *_PROBLEM_STATUSES), headers={"Accept": STATUS_DOCUMENT_TYPE}
        )
        if response.status_code in _PROBLEM_STATUSES:
            # A return racing the loan's end is refused; the loan being over is what we wanted.
            again = self._status(vendor_loan_id)
            if again is None or not again.live:
                return
            kind = documents.problem_type(_json_or_none(response))
            raise VendorRefused(f"{self.name}: return refused ({response.status_code} {kind or 'no problem type'})")
        if response.content:
            # The answer is the loan's License Status Document: one that cannot be read leaves the return unknown.
            self._read_status(response)
        log.info("%s: loan returned", self.name)

    def loan_status(self, vendor_key, vendor_loan_id):
        """The loan as its License Status Document tells it now, or None when the vendor does not know it."""
        loan = self._status(vendor_loan_id)
        if loan is None:
            return None
        return self._grant(loan, vendor_loan_id, None)

    def fulfil(self, vendor_key, vendor_loan_id, patron_ref):
        """The LCP license link of a live loan; this vendor has no simultaneous-use items."""
        if vendor_loan_id is None:
            raise VendorRefused(f"{self.name}: every publication needs a loan before it opens")
        loan = self._status(vendor_loan_id)
        if loan is None or not loan.live:
            raise VendorRefused(f"{self.name}: the loan is not live")
        if not loan.license_url:
            raise MalformedResponse(f"{self.name}: the License Status Document has no license link")
        return FulfilmentLink(href=loan.license_url, media_type=LCP_LICENSE_TYPE, expires=loan.ends)

    def place_hold(self, vendor_key, patron_ref, hold_id):
        raise VendorRefused(f"{self.name}: the distributor keeps no hold queue; the portal queues")

    def release_hold(self, vendor_key, vendor_hold_id):
        raise VendorRefused(f"{self.name}: the distributor keeps no hold queue; the portal queues")

    def _status(self, vendor_loan_id):
        if not isinstance(vendor_loan_id, str) or not vendor_loan_id:
            raise VendorRefused(f"{self.name}: a loan id is needed")
        response = self.http.request(
            "GET", vendor_loan_id, ok=(200, 404, 410), headers={"Accept": STATUS_DOCUMENT_TYPE}
        )
        if response.status_code in (404, 410):
            return None
        return self._read_status(response)

    def _read_status(self, response):
        document = parse_json(response, self.name)
        try:
            if not isinstance(document, dict):
                raise ValueError("not an object")
            return documents.read_status_document(document, str(response.url))
        except _READ_ERRORS as error:
            raise MalformedResponse(f"{self.name}: unreadable License Status Document: {error}") from error

    def _grant(self, loan, status_url, license_identifier, fallback_ends=None):
        now = self._clock()
        ends = loan.ends or fallback_ends
        if ends is None:
            raise MalformedResponse(f"{self.name}: the License Status Document states no end (potential_rights.end)")
        # The bent dialect has no "updated": a loan then starts now, or at its end when that has passed.
        starts = loan.starts or min(now, ends)
        return LoanGrant(
            vendor_loan_id=status_url,
            license_identifier=license_identifier,
            starts=starts,
            ends=ends,
            status=loan.status,
            return_url=expand(loan.return_template, {}) if loan.return_template else None,
            fulfilment_url=loan.license_url,
        )

    # -- operations ------------------------------------------------------

    def health(self):
        """GET the feed's first page (one item) and time it."""
        started = time.perf_counter()
        separator = "&" if "?" in self.feed_path else "?"
        try:
            response = self.http.request("GET", f"{self.feed_path}{separator}limit=1", headers={"Accept": _FEED_TYPES})
            page = parse_json(response, self.name)
            if not isinstance(page, dict):
                raise MalformedResponse(f"{self.name}: the feed is not an OPDS 2.0 feed")
        except VendorError as error:
            return HealthReport(ok=False, detail=str(error), latency_ms=(time.perf_counter() - started) * 1000)
        latency = (time.perf_counter() - started) * 1000
        return HealthReport(ok=True, detail=f"feed answered {response.status_code}", latency_ms=latency)


class Links:
    """The most recently used links, shared by a process's threads."""

    def __init__(self, size):
        self.size = size
        self._items = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def pop(self, key):
        with self._lock:
            return self._items.pop(key, None)


def _not_newer(modified, earlier):
    if modified is None or earlier is None:
        return True
    return modified <= earlier


def _json_or_none(response):
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


def _excerpt(publication):
    try:
        text = json.dumps(publication, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(publication)
    return text[:300]
