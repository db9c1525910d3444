"""The statistics trail: one row per loan, return, expiry and hold step, written in the same transaction.

It names the publication, vendor, medium, language and the patron's home municipality, never the patron,
so the statistics (issue 8) can count by municipality without personal data.
"""

from __future__ import annotations

from sqlalchemy import insert

from ..models import CirculationEvent

KINDS = ("loan", "return", "expiry", "hold", "hold_ready", "hold_cancelled", "hold_expired", "loan_cancelled")


INSERT = insert(CirculationEvent)


def record(session, kind, publication, municipality_code, at):
    """Insert the event at once (a plain insert: no object for the session to track and flush)."""
    if kind not in KINDS:
        raise ValueError(f"unknown circulation event {kind!r}")
    session.execute(
        INSERT,
        {
            "kind": kind,
            "at": at,
            "publication_id": publication.id,
            "vendor_name": publication.vendor_name,
            "medium": publication.medium,
            "language": publication.language,
            "municipality_code": municipality_code,
        },
    )
