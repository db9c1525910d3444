"""``ebiblio stats refresh``: count new circulation and patron events into the monthly statistics."""

from __future__ import annotations

from ..stats.refresh import refresh


def add_parser(sub):
    stats = sub.add_parser("stats", help="service statistics")
    actions = stats.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("refresh", help="count new events into the monthly statistics (safe to run often)")


def refresh_statistics(env):
    """One refresh in its own transaction; returns the report."""
    with env.session_factory() as session, session.begin():
        return refresh(session)


def cmd_stats(env, args, require_schema):
    require_schema(env)
    report = refresh_statistics(env)
    print(
        f"counted {report.circulation_events} circulation events and {report.patron_events} patron events "
        f"in {report.seconds:.1f} s"
    )
