"""Publications to curate, and helpers to post the curation staff forms."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from ebiblio_portal.models import Publication, Vendor, Work
from ebiblio_portal.web import HELSINKI

from ..common.staff import CSRF, as_who, cast  # noqa: F401

_keys = itertools.count(1)


def finnish_today():
    return dt.datetime.now(HELSINKI).date()


def add_publication(session, title, work=None, **fields):
    if session.get(Vendor, "test") is None:
        session.add(Vendor(name="test", title="Test vendor", origin="test"))
    key = f"k{next(_keys)}"
    if work is None:
        work = Work(key=f"test:{key}", title=title)
        session.add(work)
        session.flush()
    publication = Publication(
        work_id=work.id,
        vendor_name="test",
        vendor_key=key,
        record_hash="x" * 32,
        medium=fields.pop("medium", "ebook"),
        title=title,
        sort_title=title.lower(),
        language=fields.pop("language", "fi"),
        synced_at=dt.datetime.now(dt.UTC),
        **fields,
    )
    session.add(publication)
    session.flush()
    return publication


@pytest.fixture
def books(dbsession, cast):  # noqa: F811 - the fixture, imported above
    return [add_publication(dbsession, title) for title in ("Seitsemän veljestä", "Nummisuutarit", "Kullervo")]


def token(testapp, path):
    return CSRF.search(testapp.get(path).text).group(1)


def post(testapp, path, data, form_path=None, **kw):
    """POST ``data`` to ``path`` with a CSRF token taken from ``form_path`` (default: the staff area)."""
    data = {"csrf_token": token(testapp, form_path or "/hallinta/kunta/837/nostot?lang=en"), **data}
    return testapp.post(path, data, **kw)
