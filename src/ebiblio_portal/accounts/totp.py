"""Two-factor login for staff with time-based one-time codes (TOTP, RFC 6238).

The shared secret is stored encrypted with a key derived from ``ebiblio.secret`` (Fernet), never logged,
and shown only on the enrolment page. A code is accepted once: the last used time step is kept.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken

ISSUER = "E-kirjasto"
STEP = 30
PENDING_KEY = "staff_totp_pending"
ENROL_KEY = "staff_totp_enrol"
PENDING_FOR = 300  # seconds between the password and the code


def _fernet(app_secret):
    key = hashlib.sha256(b"ebiblio staff totp\x00" + app_secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def new_secret():
    return pyotp.random_base32()


def seal(app_secret, secret):
    """The secret as stored in ``staff_users.totp_secret``."""
    return _fernet(app_secret).encrypt(secret.encode()).decode()


def unseal(app_secret, sealed):
    """The plain secret, or None when it cannot be read (another key, a broken value)."""
    try:
        return _fernet(app_secret).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def provisioning_uri(secret, username):
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri):
    """The otpauth URI as an inline SVG QR code for authenticator apps."""
    return segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


def clean(code):
    return "".join(ch for ch in (code or "")[:20] if ch.isdigit())


def verify(secret, code, last_step=None, now=None):
    """The time step ``code`` belongs to (this one or one either side), or None; a step at or before
    ``last_step`` was already used and is refused."""
    code = clean(code)
    if len(code) != 6 or secret is None:
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret)
    current = int(now // STEP)
    for step in (current - 1, current, current + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None
