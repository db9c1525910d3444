"""``ebiblio circulation tick`` and ``ebiblio circulation reconcile``: the scheduled work of circulation."""

from __future__ import annotations

import dataclasses
import json

import transaction

from ..circulation.services import Circulation
from ..db import get_tm_session
from .stats import refresh_statistics


def add_parser(sub):
    circulation = sub.add_parser("circulation", help="end due loans, pass on holds, remind; compare loans with vendors")
    actions = circulation.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("tick", help="end due loans, pass on unclaimed holds, send reminders (safe to run often)")
    reconcile = actions.add_parser("reconcile", help="compare open loans with the vendors; report and repair drift")
    reconcile.add_argument("--dry-run", action="store_true", help="report drift without repairing it")
    reconcile.add_argument("--json", action="store_true", help="print JSON")


def service_for(env):
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    session = get_tm_session(env.session_factory, manager)
    return Circulation(session=session, manager=manager, registry=env.registry, settings=env.settings), manager


def cmd_circulation(env, args, require_schema):
    require_schema(env)
    circulation, manager = service_for(env)
    try:
        if args.action == "tick":
            report = circulation.tick()
            # Counting the tick's own events is incremental and cheap: the statistics stay minutes behind at most.
            counted = refresh_statistics(env)
            print(
                f"loans ended {report.expired_loans}, ready holds passed on {report.expired_holds}, "
                f"holds made ready {report.holds_ready}, reminders {report.reminders}, "
                f"half-made loans settled {report.settled} (left for later {report.unsettled}), "
                f"notifications sent {report.notifications}, statistics events counted "
                f"{counted.circulation_events + counted.patron_events}"
            )
            return 1 if report.unsettled else 0
        report = circulation.reconcile(repair=not args.dry_run)
        if args.json:
            print(json.dumps(dataclasses.asdict(report), indent=2))
        else:
            for line in report.lines:
                print(line)
            print(
                f"checked {report.checked}, ended at the vendor {report.ended_at_vendor}, unknown at the vendor "
                f"{report.unknown_at_vendor}, due time differs {report.due_changed}, vendor did not answer "
                f"{report.unreachable}, repaired {report.repaired}"
            )
        return 1 if report.unreachable else 0
    finally:
        manager.abort()
