"""The plugin's hooks: its settings, its sandbox identity provider and the relying party."""

from __future__ import annotations

import os

from ebiblio_portal import hookimpl
from ebiblio_portal.values import Sandbox, Setting
from ebiblio_portal.vendorhttp import SANDBOX_URL

from .relying_party import OIDCIdentification
from .sandbox import SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, OIDCSandbox

PREFIX = "ebiblio.identity.oidc."
SANDBOX_NAME = "idp"
CLIENT_SECRET_ENV = "EBIBLIO_IDENTITY_OIDC_CLIENT_SECRET"


@hookimpl
def register_settings():
    return [
        Setting(PREFIX + "issuer", "url", help="the OpenID Connect issuer URL, or 'sandbox'; unset = plugin off"),
        Setting(PREFIX + "client_id", "str", help="the portal's client id at the provider"),
        Setting(PREFIX + "client_secret", "secret", env=CLIENT_SECRET_ENV, help="the portal's client secret"),
        Setting(
            PREFIX + "allow_temporary_codes",
            "bool",
            default=False,
            help="accept personal identity codes with individual numbers 900-999 (always on with the sandbox)",
        ),
        Setting(PREFIX + "timeout", "int", default=10, help="seconds to wait for the identity provider"),
    ]


@hookimpl
def register_sandboxes(settings):
    return [Sandbox(SANDBOX_NAME, OIDCSandbox(_client_id(settings), _client_secret(settings) or SANDBOX_CLIENT_SECRET))]


@hookimpl
def register_identity_providers(settings, sandboxes):
    issuer = (settings.get(PREFIX + "issuer") or "").strip()
    if not issuer:
        return []
    timeout = float(settings.get(PREFIX + "timeout") or 10)
    if issuer == SANDBOX_URL:
        if SANDBOX_NAME not in sandboxes:
            raise ValueError(f"{PREFIX}issuer is 'sandbox' but sandboxes are off (ebiblio.sandbox)")
        # The sandbox's test persons all have temporary codes (individual numbers 900-999).
        return [
            OIDCIdentification(
                SANDBOX_URL,
                _client_id(settings),
                _client_secret(settings) or SANDBOX_CLIENT_SECRET,
                sandbox_app=sandboxes[SANDBOX_NAME],
                allow_temporary=True,
                timeout=timeout,
            )
        ]
    client_id = (settings.get(PREFIX + "client_id") or "").strip()
    secret = _client_secret(settings)
    if not client_id or not secret:
        raise ValueError(
            f"{PREFIX}issuer is set but {PREFIX}client_id or the client secret ({CLIENT_SECRET_ENV}) is not"
        )
    return [
        OIDCIdentification(
            issuer,
            client_id,
            secret,
            allow_temporary=bool(settings.get(PREFIX + "allow_temporary_codes")),
            timeout=timeout,
        )
    ]


def _client_id(settings):
    return (settings.get(PREFIX + "client_id") or "").strip() or SANDBOX_CLIENT_ID


def _client_secret(settings):
    # The environment overrides the .ini, as for every secret.
    return (os.environ.get(CLIENT_SECRET_ENV) or settings.get(PREFIX + "client_secret") or "").strip() or None
