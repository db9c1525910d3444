"""Hashing of passwords and PINs with argon2; the strength rules of staff passwords."""

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..i18n import _

_hasher = PasswordHasher()

MIN_STAFF_PASSWORD = 12
# Passwords found again and again in breaches (and their Finnish favourites); a small list shipped with the code.
COMMON_PASSWORDS_FILE = os.path.join(os.path.dirname(__file__), "common_passwords.txt")


class WeakPassword(ValueError):
    """The password is too weak for a staff account; ``message`` is translatable."""

    def __init__(self, message):
        super().__init__(message.interpolate())
        self.message = message


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


def _common_passwords():
    with open(COMMON_PASSWORDS_FILE, encoding="utf-8") as handle:
        return frozenset(line.strip().casefold() for line in handle if line.strip() and not line.startswith("#"))


def check_staff_password(password, username=None):
    """Raise ``WeakPassword`` (its message translatable) unless ``password`` is strong enough for staff."""
    if len(password) < MIN_STAFF_PASSWORD:
        raise WeakPassword(
            _("A staff password needs at least ${count} characters.", mapping={"count": MIN_STAFF_PASSWORD})
        )
    if len(set(password)) < 6:
        raise WeakPassword(_("A staff password needs more different characters."))
    folded = password.casefold()
    if username and username.casefold() in folded:
        raise WeakPassword(_("A staff password must not contain the username."))
    stripped = folded.rstrip("0123456789!?.-_ ")
    if folded in _common_passwords() or stripped in _common_passwords():
        raise WeakPassword(_("This password is on the list of common, easily guessed passwords. Choose another."))
