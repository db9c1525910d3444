"""The Finnish personal identity code (henkilötunnus): check and make."""

from __future__ import annotations

import datetime as dt

from stdnum.exceptions import ValidationError
from stdnum.fi import hetu

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY_SIGNS = {1800: "+", 1900: "-", 2000: "A"}


class InvalidIdentityCode(ValueError):
    """The text is not a valid personal identity code (the code itself is never in the message)."""


def validate(code, allow_temporary=False):
    """Return the normalised code, or raise ``InvalidIdentityCode`` (format, century sign, date, checksum)."""
    try:
        return hetu.validate(code, allow_temporary=allow_temporary)
    except ValidationError as error:
        raise InvalidIdentityCode(f"not a valid personal identity code: {error.message}") from None


def birth_date(code):
    century = {
        "+": 1800,
        "-": 1900,
        "Y": 1900,
        "X": 1900,
        "W": 1900,
        "V": 1900,
        "U": 1900,
        "A": 2000,
        "B": 2000,
        "C": 2000,
        "D": 2000,
        "E": 2000,
        "F": 2000,
    }[code[6]]
    return dt.date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))


def make(born, individual):
    """A personal identity code for someone born on ``born`` with the individual number ``individual``."""
    sign = CENTURY_SIGNS[born.year // 100 * 100]
    digits = f"{born:%d%m%y}{individual:03d}"
    return f"{born:%d%m%y}{sign}{individual:03d}{CHECK_CHARACTERS[int(digits) % 31]}"
