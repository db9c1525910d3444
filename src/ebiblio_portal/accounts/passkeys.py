"""Passkeys (WebAuthn): registration and login ceremonies with the ``webauthn`` library.

Challenges are kept server-side (``auth_challenges``) and used once, so a
recorded answer cannot be replayed with an old copy of the session cookie.
"""

from __future__ import annotations

import json
import secrets
from urllib.parse import urlsplit

from sqlalchemy import select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from ..models import Passkey, utcnow
from . import challenges

MAX_PASSKEYS = 10


class PasskeyRefused(Exception):
    """The authenticator's answer was not accepted; the message is safe to log."""


def relying_party(settings):
    """The WebAuthn relying party id and origin: the host and origin of the portal's public address."""
    parts = urlsplit(settings.get("ebiblio.public_url") or "http://localhost:6543")
    return parts.hostname, f"{parts.scheme}://{parts.netloc}"


def registration_options(session, settings, patron):
    """Options for ``navigator.credentials.create`` (JSON text) and the challenge token to keep."""
    rp_id, _origin = relying_party(settings)
    existing = session.scalars(select(Passkey).where(Passkey.patron_id == patron.id))
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name="E-library",
        user_name=patron.library_id,
        user_id=f"patron-{patron.id}-{secrets.token_hex(8)}".encode(),
        user_display_name=f"{patron.given_name} {patron.family_name}",
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.REQUIRED
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(key.credential_id)) for key in existing
        ],
    )
    token = challenges.put(
        session, "passkey-register", {"challenge": bytes_to_base64url(options.challenge), "patron_id": patron.id}
    )
    return options_to_json(options), token


def register(session, settings, patron, token, credential, name):
    """Verify the authenticator's attestation and keep its public key as a new passkey."""
    data = challenges.take(session, "passkey-register", token)
    if data is None or data.get("patron_id") != patron.id:
        raise PasskeyRefused("no passkey registration was started for this account, or it expired")
    rp_id, origin = relying_party(settings)
    try:
        verified = verify_registration_response(
            credential=_as_json(credential),
            expected_challenge=base64url_to_bytes(data["challenge"]),
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyRefused(f"the authenticator's answer was refused: {type(error).__name__}") from None
    credential_id = bytes_to_base64url(verified.credential_id)
    if session.scalar(select(Passkey.id).where(Passkey.credential_id == credential_id)) is not None:
        raise PasskeyRefused("this passkey is already registered")
    count = len(list(session.scalars(select(Passkey.id).where(Passkey.patron_id == patron.id))))
    if count >= MAX_PASSKEYS:
        raise PasskeyRefused("too many passkeys")
    passkey = Passkey(
        patron_id=patron.id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=(name or "").strip()[:100] or "Passkey",
    )
    session.add(passkey)
    session.flush()
    return passkey


def login_options(session, settings):
    """Options for ``navigator.credentials.get`` (discoverable credentials) and the challenge token."""
    rp_id, _origin = relying_party(settings)
    options = generate_authentication_options(rp_id=rp_id, user_verification=UserVerificationRequirement.REQUIRED)
    token = challenges.put(session, "passkey-login", {"challenge": bytes_to_base64url(options.challenge)})
    return options_to_json(options), token


def authenticate(session, settings, token, credential):
    """Verify an assertion; return the ``Passkey`` it proves (its patron logs in)."""
    data = challenges.take(session, "passkey-login", token)
    if data is None:
        raise PasskeyRefused("no passkey login was started in this session, or it expired")
    try:
        parsed = json.loads(_as_json(credential))
        credential_id = parsed["rawId"] if isinstance(parsed.get("rawId"), str) else parsed["id"]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PasskeyRefused("the authenticator's answer cannot be read") from None
    passkey = session.scalar(select(Passkey).where(Passkey.credential_id == credential_id))
    if passkey is None:
        raise PasskeyRefused("unknown passkey")
    rp_id, origin = relying_party(settings)
    try:
        verified = verify_authentication_response(
            credential=_as_json(credential),
            expected_challenge=base64url_to_bytes(data["challenge"]),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyRefused(f"the authenticator's answer was refused: {type(error).__name__}") from None
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    return passkey


def _as_json(credential):
    return credential if isinstance(credential, str) else json.dumps(credential)
