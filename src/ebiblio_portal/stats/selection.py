"""The statistics page's filters from the query string: bad values get a message and the default."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from ..i18n import _
from ..models import Municipality
from ..values import Medium
from .queries import Period, Selection
from .recording import month_of

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_MONTHS = 60


def _shift(month, months):
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def default_period(now=None):
    """The last twelve months, this one included."""
    last = month_of(now or dt.datetime.now(dt.UTC))
    return Period(_shift(last, -11), last)


def parse(request, municipality_code=None, national=False):
    """(Selection, [messages]) from ``from``, ``to``, ``medium`` and (nationally) ``municipality``."""
    messages = []
    period = default_period()
    first = request.GET.get("from", "").strip() or period.first
    last = request.GET.get("to", "").strip() or period.last
    if not MONTH.match(first) or not MONTH.match(last):
        messages.append(_("Give the months as year and month, e.g. 2025-03. The last twelve months are shown."))
    elif first > last:
        messages.append(_("The first month is after the last one. The last twelve months are shown."))
    elif len(Period(first, last).months()) > MAX_MONTHS:
        messages.append(_("Choose at most 60 months. The last twelve months are shown."))
    else:
        period = Period(first, last)
    medium = request.GET.get("medium", "").strip() or None
    if medium is not None and medium not in {m.value for m in Medium}:
        messages.append(_("Unknown medium: every medium is shown."))
        medium = None
    if national:
        code = request.GET.get("municipality", "").strip() or None
        if code is not None and request.dbsession.get(Municipality, code) is None:
            messages.append(_("Unknown municipality: every municipality is shown."))
            code = None
        municipality_code = code
    return Selection(period, municipality_code, medium), messages


def municipality_names(session, language):
    """{code: name} in the reader's language."""
    rows = session.execute(select(Municipality.code, Municipality.name_fi, Municipality.name_sv))
    return {code: (sv if language == "sv" else fi) for code, fi, sv in rows}
