"""The pluggy hooks that add the foreign ONIX vendor to the portal."""

from __future__ import annotations

import os

from ebiblio_portal import hookimpl
from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.values import Sandbox, Setting
from ebiblio_portal.vendorhttp import SANDBOX_URL, make_client

from .provider import NAME, TITLE, OnixProvider
from .reader import PAGE_SIZE
from .sandbox import DEFAULT_TOKEN, OnixSandbox

PREFIX = f"ebiblio.vendor.{NAME}."
TOKEN_ENV = "EBIBLIO_VENDOR_ONIX_TOKEN"


@hookimpl
def register_settings():
    return [
        Setting(PREFIX + "url", "str", help="base URL of the vendor's delivery and lending API, or 'sandbox'"),
        Setting(PREFIX + "token", "secret", env=TOKEN_ENV, help="bearer token of the lending API"),
        Setting(PREFIX + "timeout", "int", default=10, help="seconds to wait for the vendor"),
        Setting(PREFIX + "title", "str", default=TITLE, help="the vendor's name as patrons see it"),
        Setting(PREFIX + "page_size", "int", default=PAGE_SIZE, help="records per sync batch"),
        Setting(PREFIX + "sandbox_size", "int", default=500, help="products in the sandbox catalogue"),
        Setting(PREFIX + "sandbox_short_tags", "bool", default=False, help="the sandbox delivers ONIX short tags"),
    ]


@hookimpl
def register_sandboxes(settings):
    size = int(_setting(settings, "sandbox_size", 500))
    short_tags = str(_setting(settings, "sandbox_short_tags", False)).lower() in ("1", "true", "yes", "on")
    return [Sandbox(NAME, FaultInjector(OnixSandbox(size, short_tags=short_tags)))]


@hookimpl
def register_content_providers(settings, sandboxes):
    url = _setting(settings, "url", None)
    if not url:
        return []
    token = _setting(settings, "token", None) or os.environ.get(TOKEN_ENV)
    sandbox_app = None
    if url == SANDBOX_URL:
        sandbox_app = (sandboxes or {}).get(NAME)
        # The sandbox's published test token, unless one was configured.
        token = token or DEFAULT_TOKEN
    client = make_client(url, sandbox_app=sandbox_app, token=token, timeout=float(_setting(settings, "timeout", 10)))
    provider = OnixProvider(
        client,
        title=_setting(settings, "title", TITLE),
        page_size=int(_setting(settings, "page_size", PAGE_SIZE)),
    )
    return [provider]


def _setting(settings, name, default):
    value = (settings or {}).get(PREFIX + name)
    return default if value is None or value == "" else value
