"""Publications to curate, a record of each kind per scope, and helpers to post the curation forms."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
from argon2 import PasswordHasher

from ebiblio_portal.interfaces import ISearchIndex
from ebiblio_portal.models import (
    BookTip,
    ContentPage,
    ContentRevision,
    CuratedItem,
    CuratedList,
    PatronWish,
    Publication,
    Vendor,
    Work,
)
from ebiblio_portal.services import lookup
from ebiblio_portal.web import HELSINKI

from ..common.staff import HOME, OTHER, as_who, cast, csrf  # noqa: F401

_keys = itertools.count(1)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    """The cast's passwords and PINs with the cheapest argon2 parameters: these tests are about curation."""
    monkeypatch.setattr(
        "ebiblio_portal.security.passwords._hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


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
def books(dbsession, cast, testapp):  # noqa: F811 - the fixture imported above
    found = [add_publication(dbsession, title) for title in ("Seitsemän veljestä", "Nummisuutarit", "Kullervo")]
    lookup(testapp.app.registry, ISearchIndex).update(dbsession, [p.id for p in found])
    return found


def add_list(session, code, title_fi="Kesän kirjat", items=(), status="published", **fields):
    pick_list = CuratedList(municipality_code=code, title_fi=title_fi, status=status, **fields)
    for position, publication in enumerate(items, start=1):
        pick_list.items.append(CuratedItem(position=position, publication_id=publication.id))
    session.add(pick_list)
    session.flush()
    return pick_list


def add_tip(session, code, publication, text_fi="Hyvä kirja.", status="published", **fields):
    tip = BookTip(
        municipality_code=code,
        publication_id=publication.id,
        author_name=fields.pop("author_name", "Liisa Lukija"),
        text_fi=text_fi,
        status=status,
        published_at=fields.pop("published_at", dt.datetime.now(dt.UTC) if status == "published" else None),
        **fields,
    )
    session.add(tip)
    session.flush()
    return tip


def add_page(session, code, slug="ohje", status="published", revisions=(("fi", "Ohje", "Tekstiä."),), kind="help"):
    page = ContentPage(municipality_code=code, slug=slug, kind=kind, status=status)
    for language, title, body in revisions:
        page.revisions.append(ContentRevision(language=language, title=title, body_markdown=body, status=status))
    session.add(page)
    session.flush()
    return page


def add_wish(session, patron, text="Lisää äänikirjoja", **fields):
    wish = PatronWish(
        patron_id=patron.id,
        municipality_code=patron.municipality_code,
        kind=fields.pop("kind", "feedback"),
        text=text,
        status="open",
        **fields,
    )
    session.add(wish)
    session.flush()
    return wish


@dataclasses.dataclass
class Records:
    """One record of each kind in HOME, OTHER and nationally."""

    lists: dict
    tips: dict
    pages: dict
    wishes: dict


@pytest.fixture
def records(dbsession, cast, books):  # noqa: F811
    scopes = {"home": HOME, "other": OTHER, "national": None}
    return Records(
        lists={k: add_list(dbsession, code, items=books[:2]) for k, code in scopes.items()},
        tips={k: add_tip(dbsession, code, books[0]) for k, code in scopes.items()},
        pages={k: add_page(dbsession, code) for k, code in scopes.items()},
        wishes={"home": add_wish(dbsession, cast.patron), "other": add_wish(dbsession, cast.other_patron)},
    )


def post(testapp, path, data=None, **kw):
    """POST ``data`` to ``path`` with the session's CSRF token."""
    return testapp.post(path, {"csrf_token": csrf(testapp), **(data or {})}, **kw)
