"""The statistics pages: national (every municipality, compared) and one municipality's; charts, tables, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import babel.numbers
from pyramid.response import Response
from pyramid.view import view_config

from ..i18n import _, formatting
from ..models import Vendor
from ..security.policy import CURATE, NATIONAL
from ..values import Medium
from . import cache, charts, queries
from .selection import municipality_names, parse

MEDIUM_NAMES = {Medium.EBOOK: _("E-books"), Medium.AUDIOBOOK: _("Audiobooks"), Medium.MAGAZINE: _("Magazines")}
METRIC_NAMES = {
    "loan": _("Loans"),
    "return": _("Returns"),
    "expiry": _("Loans ended at due time"),
    "hold": _("Holds placed"),
    "patron_registered": _("New patrons"),
    "patron_active": _("Active patrons"),
}
UNKNOWN = "-"


class Labels:
    """Names of months, media, languages, vendors and municipalities in the reader's language."""

    def __init__(self, request):
        self.request = request
        translate = request.localizer.translate
        self.metric = {key: translate(name) for key, name in METRIC_NAMES.items()}
        self.medium = {str(key): translate(name) for key, name in MEDIUM_NAMES.items()}
        self.vendors = {v.name: v.title for v in request.dbsession.query(Vendor.name, Vendor.title)}
        self.municipalities = municipality_names(request.dbsession, request.locale_name)
        self.unknown = translate(_("Unknown"))

    def month(self, month):
        return formatting.format_date(self.request, dt.date(int(month[:4]), int(month[5:]), 1), "LLL yyyy")

    def of(self, dimension, key):
        if key == UNKNOWN:
            return self.unknown
        if dimension == "medium":
            return self.medium.get(key, key)
        if dimension == "language":
            from ..search.views import language_name

            return language_name(self.request, key)
        if dimension == "vendor_name":
            return self.vendors.get(key, key)
        if dimension == "municipality":
            return self.municipalities.get(key, key)
        return key


def _counted(session, selection, national):
    """What the page reads from the monthly tables (cached for a short time, see ``stats.cache``)."""
    found = {
        "month": queries.by_month(session, selection),
        "medium": queries.by_dimension(session, selection, "medium"),
        "language": queries.by_dimension(session, selection, "language"),
        "vendor": queries.by_dimension(session, selection, "vendor_name"),
        "titles": queries.top_titles(session, selection),
    }
    if national and selection.municipality_code is None:
        found["municipality"] = queries.by_municipality(session, selection)
    return found


def figures(request, selection, national):
    """Every table of the page, as the page and the CSV show them."""
    session = request.dbsession
    labels = Labels(request)
    counted = cache.cached(request, (selection, national), lambda: _counted(session, selection, national))
    tables = {"month": [(m, labels.month(m), counts) for m, counts in counted["month"].items()]}
    for name, dimension in (("medium", "medium"), ("language", "language"), ("vendor", "vendor_name")):
        tables[name] = [(k, labels.of(dimension, k), c) for k, c in counted[name].items()]
    if "municipality" in counted:
        tables["municipality"] = [(k, labels.of("municipality", k), c) for k, c in counted["municipality"].items()]
    ratios = queries.hold_ratios(session, medium=selection.medium, limit=20)
    return labels, tables, counted["titles"], ratios


def _number(request):
    """Whole numbers grouped as Babel groups them in the reader's language; a page prints thousands of them."""
    group = babel.numbers.get_group_symbol(formatting.locale_of(request))

    def number(value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", group)
        return formatting.format_number(request, value)

    return number


def _charts(request, labels, tables, titles):
    translate = request.localizer.translate
    number = _number(request)
    month_axis, count_axis = translate(_("Month")), translate(_("Number"))
    months = [(key, label) for key, label, _counts in tables["month"]]

    def series(metric, table):
        return (labels.metric[metric], {key: counts[metric] for key, _label, counts in table})

    found = [
        charts.columns(
            "chart-circulation",
            translate(_("Loans, returns and holds by month")),
            month_axis,
            count_axis,
            months,
            [series("loan", tables["month"]), series("return", tables["month"]), series("hold", tables["month"])],
            number,
        ),
        charts.columns(
            "chart-patrons",
            translate(_("New and active patrons by month")),
            month_axis,
            count_axis,
            months,
            [series("patron_registered", tables["month"]), series("patron_active", tables["month"])],
            number,
        ),
    ]
    loans = labels.metric["loan"]
    for name, title, axis in (
        ("medium", _("Loans by medium"), _("Medium")),
        ("language", _("Loans by language"), _("Language")),
        ("vendor", _("Loans by vendor"), _("Vendor")),
        ("municipality", _("Loans by municipality (the 25 with most loans)"), _("Municipality")),
    ):
        if name not in tables:
            continue
        rows = tables[name][:25]
        found.append(
            charts.rows(
                f"chart-{name}",
                translate(title),
                loans,
                translate(axis),
                [(key, label) for key, label, _counts in rows],
                {key: counts["loan"] for key, _label, counts in rows},
                number,
            )
        )
    if titles:
        found.append(
            charts.rows(
                "chart-titles",
                translate(_("Most borrowed titles")),
                loans,
                translate(_("Title")),
                [(t.publication_id, t.title) for t in titles],
                {t.publication_id: t.loans for t in titles},
                number,
            )
        )
    return {chart.ident.removeprefix("chart-"): chart for chart in found}


def _page(request, national, municipality=None):
    selection, messages = parse(request, municipality.code if municipality else None, national)
    labels, tables, titles, ratios = figures(request, selection, national)
    query = {k: v for k, v in (("from", selection.period.first), ("to", selection.period.last)) if v}
    if selection.medium:
        query["medium"] = selection.medium
    if national and selection.municipality_code:
        query["municipality"] = selection.municipality_code
    if national:
        csv_url = request.route_path("stats_national_csv", _query=query)
    else:
        csv_url = request.route_path("stats_municipality_csv", code=municipality.code, _query=query)
    return {
        "national": national,
        "municipality": municipality,
        "selection": selection,
        "messages": messages,
        "tables": tables,
        "titles": titles,
        "ratios": ratios,
        "charts": _charts(request, labels, tables, titles),
        "labels": labels,
        "circulation_metrics": ("loan", "return", "expiry", "hold"),
        "month_metrics": queries.METRICS,
        "media": list(labels.medium.items()),
        "municipalities": sorted(labels.municipalities.items(), key=lambda item: item[1]) if national else [],
        "csv_url": csv_url,
        "number": _number(request),
    }


@view_config(route_name="stats_national", renderer="stats/statistics.jinja2", request_method="GET", permission=NATIONAL)
def national_statistics(request):
    return _page(request, national=True)


@view_config(
    route_name="stats_municipality", renderer="stats/statistics.jinja2", request_method="GET", permission=CURATE
)
def municipal_statistics(request):
    return _page(request, national=False, municipality=request.context.found())


def csv_rows(request, selection, national):
    """The CSV: one line per figure (table, key, label, metric, count), so it parses back to what the page shows."""
    labels, tables, titles, ratios = figures(request, selection, national)
    yield ("table", "key", "label", "metric", "count")
    for table, rows in tables.items():
        for key, label, counts in rows:
            metrics = queries.METRICS if table in ("month", "municipality") else ("loan", "return", "expiry", "hold")
            for metric in metrics:
                yield (table, key, label, metric, counts[metric])
    for title in titles:
        yield ("title", title.publication_id, title.title, "loan", title.loans)
    for ratio in ratios:
        yield ("hold_ratio", ratio.publication_id, ratio.title, "holds", ratio.holds)
        yield ("hold_ratio", ratio.publication_id, ratio.title, "seats", ratio.seats)


def _csv_response(request, national, municipality=None):
    selection, _messages = parse(request, municipality.code if municipality else None, national)
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv_rows(request, selection, national):
        writer.writerow([_safe(cell) for cell in row])
    who = municipality.code if municipality else (selection.municipality_code or "all")
    name = f"statistics-{who}-{selection.period.first}-{selection.period.last}.csv"
    return Response(
        body=out.getvalue().encode("utf-8-sig"),
        content_type="text/csv",
        charset="utf-8",
        content_disposition=f'attachment; filename="{name}"',
    )


def _safe(cell):
    # A title starting with = + - @ would be a formula in a spreadsheet: quote it as text.
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") and cell != UNKNOWN:
        return "'" + cell
    return cell


@view_config(route_name="stats_national_csv", request_method="GET", permission=NATIONAL)
def national_csv(request):
    return _csv_response(request, national=True)


@view_config(route_name="stats_municipality_csv", request_method="GET", permission=CURATE)
def municipal_csv(request):
    return _csv_response(request, national=False, municipality=request.context.found())
