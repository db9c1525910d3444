"""One account per person without storing the personal identity code: a keyed hash of it."""

import hashlib
import hmac
import secrets


def identity_hash(key, identity_code):
    """HMAC-SHA256 of the normalised personal identity code under the portal's identity key."""
    normalised = identity_code.strip().upper()
    return hmac.new(key.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def new_library_id():
    """A library ID: 10 digits, the last a Luhn check digit so typos are caught."""
    body = "".join(secrets.choice("0123456789") for _ in range(9))
    return body + luhn_digit(body)


def luhn_digit(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def is_library_id(text):
    return len(text) == 10 and text.isdigit() and luhn_digit(text[:9]) == text[9]
