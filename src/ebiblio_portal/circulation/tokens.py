"""What the portal tells vendors and reading apps about a patron: pseudonyms and signed, expiring links."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json


class BadToken(ValueError):
    """A reader link that was tampered with, has expired or is not a reader link at all."""


def _key(secret, purpose):
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()


def patron_ref(secret, patron_id):
    """The opaque reference vendors see instead of the patron: stable, and meaningless without the secret."""
    return hmac.new(_key(secret, "vendor-patron-ref"), str(patron_id).encode(), hashlib.sha256).hexdigest()[:32]


def sign(secret, payload):
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).rstrip(b"=").decode()
    mac = hmac.new(_key(secret, "reader-link"), body.encode(), hashlib.sha256).digest()
    return body + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def verify(secret, token, now_ts):
    """The payload of a reader link signed with ``secret`` that has not expired at ``now_ts``."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 1000:
        raise BadToken("not a reader link")
    body, mac = token.split(".")
    expected = base64.urlsafe_b64encode(
        hmac.new(_key(secret, "reader-link"), body.encode(), hashlib.sha256).digest()
    ).rstrip(b"=")
    if not hmac.compare_digest(expected, mac.encode()):
        raise BadToken("the signature does not match")
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        expires = int(payload["e"])
    except (ValueError, KeyError, TypeError) as error:
        raise BadToken("unreadable") from error
    if expires < now_ts:
        raise BadToken("expired")
    return payload
