"""Helpers the national views share."""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal

from ...i18n.formatting import locale_of


def money(request, value):
    """Euros in the reader's language: ``1 234,56 €`` in Finnish."""
    return format_currency(value, "EUR", locale=locale_of(request))


def rate_text(request, value):
    """A rate per resident with at least two decimals: ``0,70``."""
    return format_decimal(value, format="#,##0.00##", locale=locale_of(request))


def translate(request, message):
    return request.localizer.translate(message) if message is not None else None
