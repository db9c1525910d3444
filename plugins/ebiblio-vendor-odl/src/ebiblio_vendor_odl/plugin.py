"""The plugin's hooks: its settings, its sandbox distributor and its content provider."""

from __future__ import annotations

from ebiblio_portal import hookimpl
from ebiblio_portal.sandbox import FaultInjector
from ebiblio_portal.values import Sandbox, Setting
from ebiblio_portal.vendorhttp import SANDBOX_URL, make_client

from .provider import OdlProvider
from .sandbox import make_sandbox

NAME = "odl"
PREFIX = f"ebiblio.vendor.{NAME}."
DEFAULT_TITLE = "Kotimainen e-kirjajakelija (ODL)"


@hookimpl
def register_settings():
    return [
        Setting(
            PREFIX + "url", "str", help="base URL of the ODL distributor, or 'sandbox'; unset turns the vendor off"
        ),
        Setting(PREFIX + "token", "secret", env="EBIBLIO_VENDOR_ODL_TOKEN", help="bearer token for the distributor"),
        Setting(PREFIX + "timeout", "int", default=10, help="seconds to wait for the distributor"),
        Setting(PREFIX + "title", "str", default=DEFAULT_TITLE, help="the vendor's name shown to staff"),
        Setting(PREFIX + "page_size", "int", default=1000, help="publications per feed page asked for while syncing"),
        Setting(PREFIX + "feed_path", "str", default="feed", help="the OPDS 2.0 + ODL feed, relative to the URL"),
        Setting(
            PREFIX + "publication_path",
            "str",
            default="publications/{key}",
            help="one publication with its licenses, relative to the URL; {key} is its identifier",
        ),
        Setting(
            PREFIX + "checkout_method",
            "str",
            default="auto",
            help="POST (ODL), GET (the bent dialect) or auto: POST, then GET after a 405",
        ),
        Setting(PREFIX + "sandbox_size", "int", default=400, help="publications in the sandbox distributor"),
        Setting(PREFIX + "sandbox_lenient", "bool", default=False, help="the sandbox speaks the bent ODL dialect"),
    ]


@hookimpl
def register_sandboxes(settings):
    sandbox = make_sandbox(
        _int(settings, "sandbox_size", 400),
        lenient=_bool(settings, "sandbox_lenient", False),
    )
    return [Sandbox(NAME, FaultInjector(sandbox))]


@hookimpl
def register_content_providers(settings, sandboxes):
    url = (settings.get(PREFIX + "url") or "").strip()
    if not url:
        return []
    if url != SANDBOX_URL and not url.startswith(("http://", "https://")):
        raise ValueError(f"{PREFIX}url must be an http(s) URL or 'sandbox', not {url!r}")
    timeout = _int(settings, "timeout", 10)
    client = make_client(
        url,
        sandbox_app=(sandboxes or {}).get(NAME),
        token=settings.get(PREFIX + "token") or None,
        timeout=float(timeout),
    )
    provider = OdlProvider(
        client,
        name=NAME,
        title=settings.get(PREFIX + "title") or DEFAULT_TITLE,
        page_size=_int(settings, "page_size", 1000),
        feed_path=settings.get(PREFIX + "feed_path") or "feed",
        publication_path=settings.get(PREFIX + "publication_path") or "publications/{key}",
        checkout_method=_checkout_method(settings.get(PREFIX + "checkout_method")),
    )
    return [provider]


def _checkout_method(value):
    method = (value or "auto").strip()
    return "auto" if method.lower() == "auto" else method.upper()


def _int(settings, name, default):
    value = settings.get(PREFIX + name)
    if value is None or value == "":
        return default
    return int(value)


def _bool(settings, name, default):
    value = settings.get(PREFIX + name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes", "on")
