"""Lenient readers for the values ODL vendors send.

Real distributors bend the JSON types of the specifications: numbers and
booleans arrive as strings, single values as one-element arrays, names as
language maps. Each reader accepts the strict form first (the fast path) and
the bent forms after it, and raises ``BadValue`` for anything else.
"""

from __future__ import annotations

import datetime as dt

_TRUE = frozenset(("true", "1", "yes"))
_FALSE = frozenset(("false", "0", "no", ""))
_LANGUAGE_ALIASES = {"fin": "fi", "swe": "sv", "eng": "en", "sme": "se", "ger": "de", "deu": "de", "fre": "fr"}


class BadValue(ValueError):
    """A field whose value cannot be read even leniently."""


def first(value):
    """The value itself, or the first item of a list (None for an empty one)."""
    if type(value) is list:
        return value[0] if value else None
    return value


def as_list(value):
    """A list of the value's items: a list stays, None is empty, one value is a list of one."""
    if value is None:
        return []
    if type(value) is list:
        return value
    return [value]


def as_int(value, field="value"):
    """A whole number from an int, an integral float or a numeric string; None when absent."""
    if type(value) is int:
        return value
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadValue(f"{field}: {value!r} is not a number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                number = None
            if number is not None and number.is_integer():
                return int(number)
    raise BadValue(f"{field}: {value!r} is not a whole number")


def as_bool(value, field="value"):
    """A boolean from a bool, 0/1 or the strings "true"/"false"."""
    if value is True or value is False:
        return value
    if value is None:
        return False
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise BadValue(f"{field}: {value!r} is not a boolean")


def as_datetime(value, field="value"):
    """An aware datetime from ISO 8601 (a date alone is midnight UTC; no offset means UTC)."""
    if type(value) is str:
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadValue(f"{field}: {value!r} is not a date-time")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise BadValue(f"{field}: {value!r} is not an ISO 8601 date-time") from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def as_date(value, field="value"):
    """A date from "YYYY", "YYYY-MM", "YYYY-MM-DD" or a full date-time."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise BadValue(f"{field}: {value!r} is not a date")
    text = value.strip()
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1)
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:7]), 1)
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).date()
    except ValueError as error:
        raise BadValue(f"{field}: {value!r} is not a date") from error


def as_text(value, language=None, field="value"):
    """A string from a string or a language map (the given language first, then any)."""
    if type(value) is str:
        return value
    if value is None:
        return None
    if isinstance(value, dict):
        if language and isinstance(value.get(language), str):
            return value[language]
        for text in value.values():
            if isinstance(text, str):
                return text
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise BadValue(f"{field}: {value!r} is not text")


def language_code(value):
    """A two-letter code where one exists: "fin" -> "fi", "sv-FI" -> "sv"."""
    value = first(value)
    if not isinstance(value, str) or not value.strip():
        raise BadValue(f"language: {value!r} is not a language code")
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return _LANGUAGE_ALIASES.get(code, code)


def seconds(value, field="value"):
    """A timedelta from a number of seconds (possibly a string); None when absent."""
    number = as_int(value, field)
    return None if number is None else dt.timedelta(seconds=number)


def isbn13(identifier):
    """The ISBN-13 in an identifier such as "urn:isbn:978-951-0-12345-6", or None when there is none."""
    if not isinstance(identifier, str):
        return None
    text = identifier.strip()
    lowered = text.lower()
    if lowered.startswith("urn:isbn:"):
        text = text[9:]
    elif lowered.startswith("isbn:"):
        text = text[5:]
    digits = text.replace("-", "").replace(" ", "").upper()
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        if _isbn10_check(digits[:9]) != digits[9]:
            return None
        digits = "978" + digits[:9]
        return digits + _isbn13_check(digits)
    if len(digits) == 13 and digits.isdigit() and _isbn13_check(digits[:12]) == digits[12]:
        return digits
    return None


def _isbn13_check(twelve):
    total = sum(map(int, twelve[0:12:2])) + 3 * sum(map(int, twelve[1:12:2]))
    return str((10 - total % 10) % 10)


def _isbn10_check(nine):
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)
