"""An HTTP client for vendor plugins: timeouts, error mapping and no secrets in logs."""

from __future__ import annotations

import json
import logging
import time

import httpx

from .interfaces import MalformedResponse, VendorRefused, VendorUnavailable

log = logging.getLogger(__name__)
# httpx logs every URL at INFO; query strings may carry tokens or patron references.
logging.getLogger("httpx").setLevel(logging.WARNING)

SANDBOX_URL = "sandbox"


def make_client(base_url, *, sandbox_app=None, token=None, timeout=10.0, headers=None):
    """Return an ``httpx.Client`` for a vendor.

    When ``base_url`` is ``"sandbox"`` the client talks to ``sandbox_app`` in
    process through httpx's WSGI transport: the same HTTP requests, no socket.
    """
    all_headers = {"User-Agent": "ebiblio-portal"}
    all_headers.update(headers or {})
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    if base_url == SANDBOX_URL:
        if sandbox_app is None:
            raise ValueError("the vendor URL is 'sandbox' but sandboxes are not enabled (ebiblio.sandbox)")
        transport = httpx.WSGITransport(app=sandbox_app)
        return httpx.Client(transport=transport, base_url="http://sandbox.invalid/", headers=all_headers)
    return httpx.Client(base_url=base_url.rstrip("/") + "/", headers=all_headers, timeout=httpx.Timeout(timeout))


class VendorHTTP:
    """Requests to one vendor, each vendor failure turned into a ``VendorError``."""

    def __init__(self, client, vendor_name):
        self.client = client
        self.vendor_name = vendor_name

    def request(self, method, url, *, ok=(200, 201, 204), refused=(), **kwargs):
        """Send a request and return the response; raise ``VendorUnavailable`` / ``VendorRefused``."""
        started = time.perf_counter()
        try:
            response = self.client.request(method, url, **kwargs)
            response.read()
        except (httpx.TimeoutException, httpx.TransportError, OSError) as error:
            raise VendorUnavailable(
                f"{self.vendor_name}: {method} {_path(url)} failed: {type(error).__name__}"
            ) from error
        except httpx.HTTPError as error:
            raise VendorUnavailable(f"{self.vendor_name}: {method} {_path(url)} failed: {error}") from error
        elapsed = (time.perf_counter() - started) * 1000
        log.debug("%s %s %s -> %s in %.0f ms", self.vendor_name, method, _path(url), response.status_code, elapsed)
        if response.status_code >= 500:
            raise VendorUnavailable(f"{self.vendor_name}: {method} {_path(url)} answered {response.status_code}")
        if response.status_code in refused or (response.status_code >= 400 and response.status_code not in ok):
            raise VendorRefused(
                f"{self.vendor_name}: {method} {_path(url)} answered {response.status_code}: {_problem(response)}"
            )
        return response

    def json(self, method, url, **kwargs):
        """Send a request and return its JSON body; raise ``MalformedResponse`` when it is not JSON."""
        response = self.request(method, url, **kwargs)
        return parse_json(response, self.vendor_name)


def parse_json(response, vendor_name):
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as error:
        raise MalformedResponse(
            f"{vendor_name}: {_path(str(response.request.url))} is not valid JSON: {error}"
        ) from error


def _path(url):
    # Query strings may carry tokens or patron references: log only the path.
    return str(url).split("?", 1)[0]


def _problem(response):
    try:
        body = json.loads(response.content)
    except ValueError:
        return response.reason_phrase
    if isinstance(body, dict):
        return str(body.get("type") or body.get("title") or body.get("error") or "")
    return ""
