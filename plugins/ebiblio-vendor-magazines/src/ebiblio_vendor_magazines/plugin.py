"""The plugin's hooks: its settings, its sandbox vendor and its content provider."""

from __future__ import annotations

import os

from ebiblio_portal import hookimpl
from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.values import Sandbox, Setting
from ebiblio_portal.vendorhttp import SANDBOX_URL

from .provider import VENDOR_NAME, make_provider
from .sandbox import SANDBOX_API_KEY, MagazineSandbox

PREFIX = f"ebiblio.vendor.{VENDOR_NAME}."
API_KEY_ENV = "EBIBLIO_VENDOR_MAGAZINES_API_KEY"


@hookimpl
def register_settings():
    return [
        Setting(PREFIX + "url", "url", help="base URL of the magazine vendor's API, or 'sandbox'"),
        Setting(
            PREFIX + "api_key",
            "secret",
            env=API_KEY_ENV,
            help="API key sent as X-Api-Key; the sandbox's own key is used when it is not set",
        ),
        Setting(PREFIX + "timeout", "int", default=10, help="seconds to wait for the vendor"),
        Setting(PREFIX + "page_size", "int", default=1000, help="issues per sync batch (the vendor allows 1000)"),
        Setting(PREFIX + "link_seconds", "int", default=4 * 3600, help="how long a reader link stays valid"),
        Setting(PREFIX + "sandbox_size", "int", default=12, help="number of periodicals in the sandbox vendor"),
        Setting(
            PREFIX + "sandbox_archive_months", "int", default=24, help="how many months the sandbox keeps an issue"
        ),
    ]


@hookimpl
def register_sandboxes(settings):
    sandbox = MagazineSandbox(
        size=_int(settings, "sandbox_size", 12),
        archive_months=_int(settings, "sandbox_archive_months", 24),
        api_key=_api_key(settings) or SANDBOX_API_KEY,
    )
    return [Sandbox(VENDOR_NAME, FaultInjector(sandbox))]


@hookimpl
def register_content_providers(settings, sandboxes):
    url = (settings.get(PREFIX + "url") or "").strip()
    if not url:
        return []
    api_key = _api_key(settings)
    options = {
        "timeout": float(_int(settings, "timeout", 10)),
        "page_size": _int(settings, "page_size", 1000),
        "link_seconds": _int(settings, "link_seconds", 4 * 3600),
    }
    if url == SANDBOX_URL:
        # The portal serves the sandbox under /sandbox/<name>/; links must point there, not at the in-process host.
        return [
            make_provider(
                url,
                api_key or SANDBOX_API_KEY,
                sandbox_app=sandboxes.get(VENDOR_NAME),
                public_prefix=f"/sandbox/{VENDOR_NAME}/",
                **options,
            )
        ]
    if not api_key:
        raise ValueError(f"{PREFIX}url is set but {PREFIX}api_key (or {API_KEY_ENV}) is not")
    return [make_provider(url, api_key, **options)]


def _api_key(settings):
    # The environment overrides the .ini, as for every secret.
    return (os.environ.get(API_KEY_ENV) or settings.get(PREFIX + "api_key") or "").strip() or None


def _int(settings, name, default):
    value = settings.get(PREFIX + name)
    if value is None or str(value).strip() == "":
        return default
    return int(value)
