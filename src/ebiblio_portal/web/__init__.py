"""The front page, the layout's helpers and the error pages."""

import datetime as dt
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def today(request):
    """Today in Finland: membership and visibility dates are Finnish calendar days."""
    return dt.datetime.now(HELSINKI).date()


def includeme(config):
    config.add_request_method(today, "today", reify=True)
    config.add_route("home", "/")
    config.scan(".views")
