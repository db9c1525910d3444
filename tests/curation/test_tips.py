"""Book tips: written by a named librarian, published, and shown on the title page and the municipality's page."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ebiblio_portal.models import BookTip, Work

from ..common.staff import HOME, OTHER, log_in_as
from .conftest import add_publication, add_tip, post

M = f"/hallinta/kunta/{HOME}"


def test_a_librarian_writes_and_publishes_a_tip(testapp, cast, books, dbsession):
    log_in_as(testapp, cast, "librarian")
    found = testapp.get(f"{M}/kirjavinkit/uusi", {"q": "Nummisuutarit", "lang": "en"})
    assert f"publication={books[1].id}" in found.text
    chosen = testapp.get(f"{M}/kirjavinkit/uusi", {"publication": books[1].id, "lang": "en"})
    assert f'value="{books[1].id}"' in chosen.text and 'value="Librarian"' in chosen.text
    data = {"publication_id": books[1].id, "author_name": "Liisa Lukija", "text_fi": "Hauska näytelmä."}
    post(testapp, f"{M}/kirjavinkit/uusi", data, status=303)
    tip = dbsession.scalars(select(BookTip)).one()
    assert (tip.status, tip.municipality_code, tip.created_by) == ("draft", HOME, cast.staff["librarian"].id)
    assert "Hauska näytelmä." not in testapp.get(f"/teos/{books[1].id}").text
    post(testapp, f"{M}/kirjavinkit/{tip.id}/tila", {"status": "published"}, status=303)
    title_page = testapp.get(f"/teos/{books[1].id}?lang=fi").text
    assert "Hauska näytelmä." in title_page and "Liisa Lukija, Tampere" in title_page
    assert "Hauska näytelmä." in testapp.get("/kunta/tampere").text
    assert "Hauska näytelmä." not in testapp.get("/kunta/helsinki").text
    post(testapp, f"{M}/kirjavinkit/{tip.id}/tila", {"status": "draft"}, status=303)
    assert "Hauska näytelmä." not in testapp.get(f"/teos/{books[1].id}").text
    assert "Hauska näytelmä." not in testapp.get("/kunta/tampere").text


def test_the_title_page_shows_every_published_tip_of_the_work_newest_first(testapp, cast, books, dbsession):
    other_offer = add_publication(
        dbsession, books[0].title, work=dbsession.get(Work, books[0].work_id), medium="audiobook"
    )
    now = dt.datetime.now(dt.UTC)
    add_tip(dbsession, HOME, books[0], "Vanha vinkki.", published_at=now - dt.timedelta(days=3))
    add_tip(dbsession, OTHER, other_offer, "Uusi vinkki.", author_name="Ville Virkailija", published_at=now)
    add_tip(dbsession, None, books[0], "Luonnosvinkki.", status="draft")
    page = testapp.get(f"/teos/{books[0].id}?lang=fi").text
    assert page.index("Uusi vinkki.") < page.index("Vanha vinkki.")
    assert "Ville Virkailija, Helsinki" in page and "Luonnosvinkki." not in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"author_name": "A", "text_fi": "x"}, "publication_id", "There is no title with this id in the collection."),
        ({"publication_id": "424242", "author_name": "A", "text_fi": "x"}, "publication_id", "There is no title"),
        ({"publication_id": "{book}", "text_fi": "x"}, "author_name", "Give the name of the librarian"),
        ({"publication_id": "{book}", "author_name": "A"}, "text_fi", "Write the tip in Finnish or in Swedish."),
        ({"publication_id": "{book}", "author_name": "A", "text_sv": "x" * 2001}, "text_sv", "At most 2000"),
        ({"publication_id": "{book}", "author_name": "A" * 201, "text_fi": "x"}, "author_name", "At most 200"),
    ],
)
def test_bad_tips_say_why_and_write_nothing(testapp, cast, books, dbsession, data, field, message):
    log_in_as(testapp, cast, "librarian")
    data = {k: v.replace("{book}", str(books[0].id)) for k, v in data.items()}
    page = post(testapp, f"{M}/kirjavinkit/uusi?lang=en", data, status=400)
    assert message in page.text and f'id="{field}-error"' in page.text
    assert dbsession.scalars(select(BookTip)).all() == []


def test_a_tip_shows_the_finnish_day_it_was_published(testapp, cast, books, dbsession):
    late_evening = dt.datetime(2026, 6, 1, 22, 30, tzinfo=dt.UTC)  # 1.30 on 2 June in Finland
    add_tip(dbsession, HOME, books[0], "Yövinkki.", published_at=late_evening)
    page = testapp.get(f"/teos/{books[0].id}?lang=fi").text
    assert "Liisa Lukija, Tampere, 2.6.2026</p>" in page


def test_deleting_a_tip_asks_first(testapp, cast, books, dbsession):
    tip_id, title = add_tip(dbsession, HOME, books[0]).id, books[0].title
    log_in_as(testapp, cast, "librarian")
    asked = post(testapp, f"{M}/kirjavinkit/{tip_id}/poista?lang=en", status=200)
    assert "Delete the book tip?" in asked.text and title in asked.text
    assert dbsession.get(BookTip, tip_id) is not None
    post(testapp, f"{M}/kirjavinkit/{tip_id}/poista", {"confirm": "1"}, status=303)
    dbsession.expire_all()
    assert dbsession.get(BookTip, tip_id) is None


def test_the_front_page_shows_the_national_tips_only(testapp, books, dbsession):
    assert "Book tips from our librarians" not in testapp.get("/?lang=en").text
    add_tip(dbsession, None, books[0], "Valtakunnan vinkki.", author_name="Elli E-kirjasto")
    add_tip(dbsession, None, books[1], "Luonnosvinkki.", status="draft")
    add_tip(dbsession, HOME, books[2], "Tampereen vinkki.")
    page = testapp.get("/?lang=en").text
    assert "Book tips from our librarians" in page and "Valtakunnan vinkki." in page and books[0].title in page
    assert "Luonnosvinkki." not in page and "Tampereen vinkki." not in page
