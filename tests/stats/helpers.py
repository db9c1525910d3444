"""Making circulation events and publications for the statistics tests."""

from __future__ import annotations

import datetime as dt

from ebiblio_portal.models import CirculationEvent, License, Publication, Vendor, Work

UTC = dt.UTC


def at(year, month, day=15, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


def publication(session, key, title, medium="ebook", language="fi", vendor="acme", concurrency=None, **license_terms):
    if session.get(Vendor, vendor) is None:
        session.add(Vendor(name=vendor, title=vendor.title(), origin="domestic"))
    work = Work(key=f"test:{vendor}:{key}", title=title)
    found = Publication(
        work=work,
        vendor_name=vendor,
        vendor_key=key,
        record_hash="0" * 32,
        medium=medium,
        title=title,
        sort_title=title.lower(),
        language=language,
        synced_at=dt.datetime.now(UTC),
    )
    session.add(found)
    session.flush()
    if concurrency is not None:
        found.licenses.append(
            License(identifier=f"{key}-license", concurrency=concurrency, status="available", **license_terms)
        )
        session.flush()
    return found


def event(session, kind, pub, municipality, when):
    session.add(
        CirculationEvent(
            kind=kind,
            at=when,
            publication_id=pub.id,
            vendor_name=pub.vendor_name,
            medium=pub.medium,
            language=pub.language,
            municipality_code=municipality,
        )
    )
    session.flush()
