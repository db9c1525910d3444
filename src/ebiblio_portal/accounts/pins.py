"""What makes a PIN acceptable, and one-time codes for desk registration."""

from __future__ import annotations

import secrets

from ..i18n import _

MIN_PIN = 4
MAX_PIN = 12


class WeakPin(ValueError):
    """The PIN cannot be used; ``message`` is a translatable text for the patron."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def check_pin(pin, again):
    """Raise ``WeakPin`` unless ``pin`` is 4-12 digits, not trivial, and typed the same twice."""
    pin = (pin or "").strip()
    if not pin.isdigit() or not MIN_PIN <= len(pin) <= MAX_PIN or not pin.isascii():
        raise WeakPin(_("The PIN must be 4 to 12 digits."))
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210987":
        raise WeakPin(_("That PIN is too easy to guess. Avoid repeated digits and runs such as 1234."))
    if pin != (again or "").strip():
        raise WeakPin(_("The two PINs are not the same."))
    return pin


def one_time_code():
    """A one-time code (8 digits) a librarian hands to a patron registered at the desk."""
    return "".join(secrets.choice("0123456789") for _digit in range(8))
