"""``ebiblio fees ...`` and ``ebiblio municipalities membership``: the national unit's work from a shell."""

from __future__ import annotations

import decimal
import getpass
import sys

from ..models import AuditEntry, FeeRate, Municipality
from ..national import membership
from ..national.fees import FeeSchedule, invoice_csv


def add_parser(sub):
    fees = sub.add_parser("fees", help="fee rates by year and the yearly invoice report")
    actions = fees.add_subparsers(dest="action", required=True, metavar="ACTION")
    report = actions.add_parser("report", help="the invoice of a year: a line per municipality and the total")
    report.add_argument("year", type=int)
    report.add_argument("--csv", action="store_true", help="print the CSV for Finnish Excel (UTF-8 BOM, ';')")
    actions.add_parser("rates", help="list the rates per resident by year")
    rate = actions.add_parser("set-rate", help="set a year's rate per resident (euros, e.g. 0.70)")
    rate.add_argument("year", type=int)
    rate.add_argument("rate")
    rate.add_argument("--months", type=int, metavar="N", help="bill at most N months of that year (0-12)")


def add_membership_parser(municipality_actions):
    member = municipality_actions.add_parser("membership", help="show or set a municipality's membership dates")
    member.add_argument("code", help="three-digit municipality code")
    member.add_argument("--signed", metavar="DATE", help="contract signed (YYYY-MM-DD or D.M.YYYY; '' clears)")
    member.add_argument("--start", metavar="DATE", help="access starts")
    member.add_argument("--end", metavar="DATE", help="access ends (patrons may borrow until the day before)")


def _audit(session, action, target, **detail):
    session.add(
        AuditEntry(actor=f"cli:{getpass.getuser()}"[:100], action=action, target=target, address="cli", detail=detail)
    )


def cmd_fees(env, args, require_schema, error):
    require_schema(env)
    with env.session_factory() as session, session.begin():
        if args.action == "rates":
            for row in FeeSchedule().rates(session):
                months = row.billable_months if row.billable_months is not None else "every"
                print(f"{row.year}  {row.rate} EUR per resident  months billed at most: {months}")
            return 0
        if args.action == "set-rate":
            return _set_rate(session, args, error)
        invoice = FeeSchedule().invoice(session, args.year)
        if invoice.rate is None:
            raise error(f"there is no rate for {args.year}: ebiblio -c INI fees set-rate {args.year} RATE")
        if args.csv:
            sys.stdout.write(invoice_csv(invoice))
            return 0
        for line in invoice.lines:
            print(f"{line.code}  {line.name_fi:30} {line.population:>9}  {line.months:>2} mo  {line.fee:>12} EUR")
        print(f"{len(invoice.lines)} municipalities, total {invoice.total} EUR (rate {invoice.rate.rate})")
    return 0


def _set_rate(session, args, error):
    try:
        rate = decimal.Decimal(args.rate.replace(",", "."))
    except decimal.InvalidOperation:
        raise error(f"the rate {args.rate!r} is not a number of euros, e.g. 0.70") from None
    if not rate.is_finite() or rate < 0 or rate.as_tuple().exponent < -4:
        raise error("the rate must be zero or more euros with at most four decimals")
    if not 2000 <= args.year <= 2100 or (args.months is not None and not 0 <= args.months <= 12):
        raise error("the year must be 2000-2100 and --months 0-12")
    row = session.get(FeeRate, args.year) or FeeRate(year=args.year)
    session.add(row)
    row.rate, row.billable_months = rate, args.months
    _audit(session, "fees.rate", f"fee_rate:{args.year}", after={"rate": str(rate), "billable_months": args.months})
    print(f"The rate of {args.year} is {rate} EUR per resident.")
    return 0


def cmd_membership(env, args, require_schema, error):
    require_schema(env)
    with env.session_factory() as session, session.begin():
        municipality = session.get(Municipality, args.code)
        if municipality is None:
            raise error(f"there is no municipality with the code {args.code!r}")
        given = {"contract_signed": args.signed, "access_start": args.start, "access_end": args.end}
        if any(value is not None for value in given.values()):
            post = {
                name: getattr(municipality, name).isoformat() if getattr(municipality, name) else "" for name in given
            }
            post.update({name: value for name, value in given.items() if value is not None})
            form = membership.MembershipForm.from_post(post)
            if form.errors:
                problems = "; ".join(f"{name}: {message.interpolate()}" for name, message in form.errors.items())
                raise error(problems)
            changed = form.apply(municipality)
            if changed:
                _audit(session, "municipality.membership", f"municipality:{municipality.code}", **changed)
        print(
            f"{municipality.code} {municipality.name_fi}: contract signed {municipality.contract_signed or '-'}, "
            f"access {municipality.access_start or '-'} - {municipality.access_end or '-'}"
        )
    return 0
