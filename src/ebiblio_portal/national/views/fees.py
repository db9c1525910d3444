"""Fees: the rate table, each year's invoice as a page and a CSV, and population updates from a CSV."""

from __future__ import annotations

import decimal

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from ...admin import audit
from ...i18n import _
from ...models import FeeRate
from ...security.policy import NATIONAL
from .. import population
from ..fees import invoice_csv
from ..interfaces import IFeeSchedule
from .common import money, rate_text, translate

MAX_RATE = decimal.Decimal("100")


def _overview(request, errors=None, values=None, problems=None, status=200):
    request.response.status = status
    schedule = request.find_service(IFeeSchedule)
    return {
        "rates": schedule.rates(request.dbsession),
        "this_year": request.today.year,
        "errors": errors or {},
        "values": values or {},
        "problems": [translate(request, problem) for problem in problems or ()],
        "rate_text": rate_text,
    }


@view_config(route_name="national_fees", renderer="national/fees.jinja2", request_method="GET", permission=NATIONAL)
def fees_page(request):
    return _overview(request)


def _year(text):
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100 else None


@view_config(
    route_name="national_fee_rate", renderer="national/fees.jinja2", request_method="POST", permission=NATIONAL
)
def save_rate(request):
    values = {name: (request.POST.get(name) or "").strip()[:20] for name in ("year", "rate", "billable_months")}
    errors = {}
    year = _year(values["year"])
    if year is None:
        errors["year"] = _("Give a year between 2000 and 2100.")
    try:
        rate = decimal.Decimal(values["rate"].replace(",", ".").replace("€", "").strip())
        if not rate.is_finite() or rate < 0 or rate > MAX_RATE or rate.as_tuple().exponent < -4:
            raise decimal.InvalidOperation
    except decimal.InvalidOperation:
        rate = None
        errors["rate"] = _("Give the rate in euros per resident, for example 0,70 (at most four decimals).")
    months = None
    if values["billable_months"]:
        text = values["billable_months"]
        months = int(text) if text.isascii() and text.isdigit() and 0 <= int(text) <= 12 else None
        if months is None:
            errors["billable_months"] = _("Give the months billed as a whole number from 0 to 12, or leave it empty.")
    if errors:
        translated = {name: translate(request, message) for name, message in errors.items()}
        return _overview(request, translated, values, status=400)
    row = request.dbsession.get(FeeRate, year)
    before = {"rate": str(row.rate), "billable_months": row.billable_months} if row is not None else None
    if row is None:
        row = FeeRate(year=year)
        request.dbsession.add(row)
    row.rate, row.billable_months = rate, months
    audit.record(
        request,
        "fees.rate",
        f"fee_rate:{year}",
        before=before,
        after={"rate": str(rate), "billable_months": months},
    )
    request.session.flash(translate(request, _("The rate of ${year} was saved.", mapping={"year": year})))
    return HTTPSeeOther(request.route_path("national_fees"))


@view_config(
    route_name="national_populations", renderer="national/fees.jinja2", request_method="POST", permission=NATIONAL
)
def upload_populations(request):
    # WebOb copies a large request body to a temporary file it never closes: close it when the request ends.
    request.add_finished_callback(lambda finished: finished.body_file_raw.close())
    upload = request.POST.get("file")
    if upload is None or not hasattr(upload, "file"):
        return _overview(request, problems=[_("Choose a CSV file to upload.")], status=400)
    try:
        data = upload.file.read(population.MAX_BYTES + 1)
    finally:
        upload.file.close()  # a large upload sits in a temporary file until closed
    checked = population.read(data, population.known_codes(request.dbsession))
    if checked.problems:
        return _overview(request, problems=checked.problems, status=400)
    changed = population.apply(request.dbsession, checked)
    audit.record(
        request,
        "municipality.populations",
        "municipalities",
        rows=len(checked.rows),
        changed=changed,
        file=(getattr(upload, "filename", "") or "")[:100],
    )
    request.session.flash(
        translate(
            request,
            _(
                "Populations were read for ${rows} municipalities; ${changed} changed.",
                mapping={"rows": len(checked.rows), "changed": changed},
            ),
        )
    )
    return HTTPSeeOther(request.route_path("national_fees"))


def _invoice(request):
    year = int(request.matchdict["year"])
    return request.find_service(IFeeSchedule).invoice(request.dbsession, year)


@view_config(
    route_name="national_invoice", renderer="national/invoice.jinja2", request_method="GET", permission=NATIONAL
)
def invoice_page(request):
    return {"invoice": _invoice(request), "money": money, "rate_text": rate_text}


@view_config(route_name="national_invoice_csv", request_method="GET", permission=NATIONAL)
def invoice_download(request):
    invoice = _invoice(request)
    return Response(
        body=invoice_csv(invoice).encode("utf-8"),
        content_type="text/csv",
        charset="utf-8",
        content_disposition=f'attachment; filename="ebiblio-fees-{invoice.year}.csv"',
    )
