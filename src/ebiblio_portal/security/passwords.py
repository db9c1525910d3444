"""Hashing of passwords and PINs with argon2."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_STAFF_PASSWORD = 12


class WeakPassword(ValueError):
    """The password is too weak for a staff account."""


def hash_secret(secret):
    return _hasher.hash(secret)


def verify_secret(stored, secret):
    """True when ``secret`` matches ``stored``; never raises for a wrong or broken hash."""
    if not stored:
        return False
    try:
        return _hasher.verify(stored, secret)
    except (VerificationError, InvalidHashError):
        return False


def check_staff_password(password):
    if len(password) < MIN_STAFF_PASSWORD:
        raise WeakPassword(f"a staff password needs at least {MIN_STAFF_PASSWORD} characters")
    if len(set(password)) < 6:
        raise WeakPassword("a staff password needs more different characters")
