"""The foreign ONIX vendor as the portal sees it: catalogue by ONIX delivery, lending by JSON API."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import tempfile
import time
import urllib.parse

import httpx
from zope.interface import implementer

from ebiblio_portal.interfaces import (
    ICatalogueFile,
    IContentProvider,
    MalformedResponse,
    VendorError,
    VendorRefused,
    VendorUnavailable,
)
from ebiblio_portal.values import (
    Availability,
    FulfilmentLink,
    HealthReport,
    HoldGrant,
    LoanGrant,
    Origin,
    SyncBatch,
)
from ebiblio_portal.vendorhttp import VendorHTTP, parse_json

from . import reader

log = logging.getLogger(__name__)

NAME = "onix"
TITLE = "Foreign e-books and audiobooks (ONIX)"
CURSOR_VERSION = "onix1"
TOKEN_HELP = "check ebiblio.vendor.onix.token (or EBIBLIO_VENDOR_ONIX_TOKEN)"


@dataclasses.dataclass(frozen=True, slots=True)
class Delivery:
    """One ONIX file the vendor delivered."""

    name: str
    created: dt.datetime
    href: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Position:
    """Where a sync stands: inside delivery ``name`` after ``offset`` products (``done``: all of it)."""

    name: str
    created: dt.datetime
    offset: int
    done: bool

    def encode(self):
        return ";".join(
            (CURSOR_VERSION, self.name, _iso(self.created), str(self.offset), "done" if self.done else "more")
        )

    @classmethod
    def decode(cls, cursor):
        """The position a cursor names, or None when it is not one of ours."""
        parts = str(cursor).split(";")
        if len(parts) != 5 or parts[0] != CURSOR_VERSION or not parts[3].isdigit():
            return None
        try:
            created = _parse_time(parts[2])
        except ValueError:
            return None
        return cls(parts[1], created, int(parts[3]), parts[4] == "done")


def _iso(moment):
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(text):
    value = dt.datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _int(value):
    """Lenient integers: vendors send numbers as strings, or nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("a boolean is not a count")
    return int(float(value)) if isinstance(value, str) and "." in value else int(value)


@implementer(IContentProvider, ICatalogueFile)
class OnixProvider:
    """Foreign e-books and audiobooks: ONIX 3.0 deliveries for the catalogue, a JSON API for lending."""

    name = NAME
    origin = Origin.FOREIGN
    queues = True

    def __init__(self, client, *, title=TITLE, page_size=reader.PAGE_SIZE):
        self.client = client
        self.http = VendorHTTP(client, NAME)
        self.title = title
        self.page_size = page_size

    # -- catalogue -----------------------------------------------------------------------------------------------

    def sync(self, since, cursor=None):
        """Yield ``SyncBatch`` pages from the deliveries made since ``since`` (None: the latest full file)."""
        position = Position.decode(cursor) if cursor else None
        if cursor and position is None:
            log.warning("onix: the sync cursor is not one this plugin wrote; syncing from the start")
        deliveries = self._deliveries(since)
        if position is not None:
            after = (position.created, position.name)
            deliveries = [delivery for delivery in deliveries if (delivery.created, delivery.name) > after]
            if not position.done:
                deliveries.insert(0, Delivery(position.name, position.created))
        for delivery in deliveries:
            start = position.offset if position is not None and delivery.name == position.name else 0
            yield from self._sync_delivery(delivery, start)

    def read_delivery(self, path):
        """Yield ``SyncBatch`` pages from an ONIX file on disk, streaming."""
        created = dt.datetime.now(dt.UTC)
        name = str(path).replace(";", "_")
        for page in reader.read_delivery_file(path, page_size=self.page_size):
            yield self._batch(page, Delivery(name, created))

    def _deliveries(self, since):
        params = {}
        if since is not None:
            since = since if since.tzinfo else since.replace(tzinfo=dt.UTC)
            params["since"] = _iso(since)
        body = self._json("GET", "onix/deliveries", params=params)
        entries = body.get("deliveries") if isinstance(body, dict) else body
        if not isinstance(entries, list):
            raise MalformedResponse("onix: the delivery list has no 'deliveries' array")
        deliveries = []
        for entry in entries:
            try:
                name = str(entry["name"])
                deliveries.append(Delivery(name, _parse_time(entry["created"]), entry.get("href")))
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise MalformedResponse(f"onix: a delivery list entry cannot be read: {error!r}") from error
            if ";" in name or "/" in name:
                raise MalformedResponse(f"onix: the delivery name {name!r} is not a plain name")
        deliveries.sort(key=lambda delivery: (delivery.created, delivery.name))
        return deliveries

    def _sync_delivery(self, delivery, start):
        url = delivery.href or f"onix/deliveries/{urllib.parse.quote(delivery.name)}.xml"
        started = time.perf_counter()
        with tempfile.TemporaryFile(prefix="onix-") as spool:
            scanner = reader.KeyScanner()
            self._download(url, delivery.name, spool, scanner)
            spool.seek(0)
            log.info(
                "onix: delivery %s downloaded in %.1f s, reading from product %d",
                delivery.name,
                time.perf_counter() - started,
                start,
            )
            for page in reader.read_pages(
                spool, scanner.close(), page_size=self.page_size, start=start, label=delivery.name
            ):
                yield self._batch(page, delivery)

    def _download(self, url, name, spool, scanner):
        try:
            with self.client.stream("GET", url) as response:
                self._check(response, "GET", f"onix/deliveries/{name}.xml")
                for chunk in response.iter_bytes():
                    spool.write(chunk)
                    scanner.feed(chunk)
        except VendorError:
            raise
        except (httpx.HTTPError, OSError) as error:
            raise VendorUnavailable(f"onix: downloading delivery {name} failed: {type(error).__name__}") from error

    def _check(self, response, method, path):
        status = response.status_code
        if status >= 500:
            raise VendorUnavailable(f"onix: {method} {path} answered {status}")
        if status in (401, 403):
            raise VendorRefused(f"onix: {method} {path} answered {status}: the vendor refused the token; {TOKEN_HELP}")
        if status >= 400:
            raise VendorRefused(f"onix: {method} {path} answered {status}")

    def _batch(self, page, delivery):
        position = Position(delivery.name, delivery.created, page.offset, page.complete)
        return SyncBatch(
            records=page.records,
            errors=page.errors,
            cursor=position.encode(),
            total=page.total,
            removed=page.removed,
        )

    # -- lending -------------------------------------------------------------------------------------------------

    def availability(self, vendor_key):
        body = self._json("GET", f"api/v1/availability/{_segment(vendor_key)}")
        try:
            return Availability(
                vendor_key=vendor_key,
                copies_total=_int(body.get("copies_total")),
                copies_available=_int(body.get("copies_available")),
                holds=_int(body.get("holds")) or 0,
            )
        except (AttributeError, TypeError, ValueError) as error:
            raise MalformedResponse(f"onix: the availability of {vendor_key} cannot be read: {error}") from error

    def checkout(self, vendor_key, license_identifier, patron_ref, loan_id, ends):
        payload = {"product": vendor_key, "patron": patron_ref, "loan_id": loan_id}
        if ends is not None:
            payload["expires"] = _iso(ends if ends.tzinfo else ends.replace(tzinfo=dt.UTC))
        body = self._json("POST", "api/v1/loans", json=payload, headers={"Idempotency-Key": str(loan_id)})
        return self._grant(body, license_identifier)

    def checkin(self, vendor_key, vendor_loan_id):
        self._request("DELETE", f"api/v1/loans/{_segment(vendor_loan_id)}", ok=(200, 202, 204))

    def loan_status(self, vendor_key, vendor_loan_id):
        response = self._request("GET", f"api/v1/loans/{_segment(vendor_loan_id)}", ok=(200, 404))
        if response.status_code == 404:
            return None
        return self._grant(parse_json(response, NAME), None)

    def place_hold(self, vendor_key, patron_ref, hold_id):
        payload = {"product": vendor_key, "patron": patron_ref, "hold_id": hold_id}
        body = self._json("POST", "api/v1/holds", json=payload, headers={"Idempotency-Key": str(hold_id)})
        try:
            return HoldGrant(vendor_hold_id=str(body["hold_id"]), position=_int(body.get("position")))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise MalformedResponse(f"onix: the hold answer cannot be read: {error!r}") from error

    def release_hold(self, vendor_key, vendor_hold_id):
        # A hold already gone (fulfilled or released) is released.
        self._request("DELETE", f"api/v1/holds/{_segment(vendor_hold_id)}", ok=(200, 202, 204, 404))

    def fulfil(self, vendor_key, vendor_loan_id, patron_ref):
        if vendor_loan_id is None:
            raise VendorRefused("onix: this vendor opens nothing without a loan")
        body = self._json("GET", f"api/v1/loans/{_segment(vendor_loan_id)}/fulfilment")
        try:
            expires = body.get("expires")
            return FulfilmentLink(
                href=str(body["href"]),
                media_type=str(body.get("type") or "application/octet-stream"),
                expires=_parse_time(expires) if expires else None,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise MalformedResponse(f"onix: the fulfilment answer cannot be read: {error!r}") from error

    def health(self):
        started = time.perf_counter()
        try:
            self._request("GET", "api/v1/status")
        except VendorError as error:
            return HealthReport(ok=False, detail=str(error))
        return HealthReport(ok=True, detail="lending API answers", latency_ms=(time.perf_counter() - started) * 1000)

    # -- HTTP ----------------------------------------------------------------------------------------------------

    def _request(self, method, path, *, ok=(200, 201, 204), **kwargs):
        response = self.http.request(method, path, ok=tuple(ok) + (401, 403), **kwargs)
        if response.status_code in (401, 403) and response.status_code not in ok:
            self._check(response, method, "/" + path)
        return response

    def _json(self, method, path, **kwargs):
        return parse_json(self._request(method, path, **kwargs), NAME)

    def _grant(self, body, license_identifier):
        try:
            return LoanGrant(
                vendor_loan_id=str(body["loan_id"]),
                license_identifier=license_identifier,
                starts=_parse_time(body["starts"]),
                ends=_parse_time(body["ends"]),
                status=str(body.get("status") or "active"),
                fulfilment_url=body.get("download_url"),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise MalformedResponse(f"onix: the loan answer cannot be read: {error!r}") from error


def _segment(value):
    return urllib.parse.quote(str(value), safe="")
