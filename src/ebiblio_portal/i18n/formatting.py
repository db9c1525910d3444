"""Dates, numbers and durations in the reader's language (Babel)."""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.numbers import format_decimal

from . import LANGUAGES


def locale_of(request):
    name = getattr(request, "locale_name", "fi")
    return name if name in LANGUAGES else "fi"


def format_date(request, value, format="medium"):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return babel_datetime(value, format=format, locale=locale_of(request), tzinfo="Europe/Helsinki")
    return babel_date(value, format=format, locale=locale_of(request))


def format_number(request, value):
    if value is None:
        return ""
    if type(value) is int:
        return _format_int(value, locale_of(request))
    return format_decimal(value, locale=locale_of(request))


@functools.lru_cache(maxsize=4096)
def _format_int(value, locale):
    # Facet counts and totals repeat from page to page; Babel's formatting is the costly part of a count.
    return format_decimal(value, locale=locale)
