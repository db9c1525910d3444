"""Front-page picks: making, ordering and publishing lists; where patrons see them, and when."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ebiblio_portal.curation.queries import visible_lists
from ebiblio_portal.models import AuditEntry, CuratedList

from ..common.staff import HOME, OTHER, log_in_as
from .conftest import add_list, finnish_today, post

M = f"/hallinta/kunta/{HOME}"
TAMPERE = "/kunta/tampere"


def _list_ids(dbsession, code):
    return [
        pick_list.id
        for pick_list in dbsession.scalars(
            select(CuratedList).where(CuratedList.municipality_code == code).order_by(CuratedList.position)
        )
    ]


def test_a_librarian_makes_fills_orders_and_publishes_a_list(testapp, cast, books, dbsession):
    log_in_as(testapp, cast, "librarian")
    made = post(testapp, f"{M}/nostot/uusi", {"title_fi": "Kesän kirjat", "title_sv": "Sommarens böcker"}, status=303)
    pick_list = dbsession.scalars(select(CuratedList).where(CuratedList.municipality_code == HOME)).one()
    assert pick_list.status == "draft" and made.location.endswith(f"{M}/nostot/{pick_list.id}")
    found = testapp.get(f"{M}/nostot/{pick_list.id}", {"q": "veljestä", "lang": "en"})
    assert "Seitsemän veljestä" in found.text and "Add to the list" in found.text
    for book in (books[0], books[1]):
        post(testapp, f"{M}/nostot/{pick_list.id}/lisaa", {"publication_id": str(book.id)}, status=303)
    assert [i.publication_id for i in pick_list.items] == [books[0].id, books[1].id]
    post(testapp, f"{M}/nostot/{pick_list.id}/teos", {"action": "down", "position": "1"}, status=303)
    dbsession.flush()
    assert [i.publication_id for i in pick_list.items] == [books[1].id, books[0].id]
    assert TAMPERE and "Kesän kirjat" not in testapp.get(TAMPERE).text  # a draft
    post(testapp, f"{M}/nostot/{pick_list.id}/tila", {"status": "published"}, status=303)
    page = testapp.get(TAMPERE + "?lang=fi").text
    assert "Kesän kirjat" in page and page.index("Nummisuutarit") < page.index("Seitsemän veljestä")
    assert "Sommarens böcker" in testapp.get("/kommun/tammerfors?lang=sv").text
    post(testapp, f"{M}/nostot/{pick_list.id}/teos", {"action": "remove", "position": "1"}, status=303)
    dbsession.flush()
    assert [i.publication_id for i in pick_list.items] == [books[0].id]
    actions = set(dbsession.scalars(select(AuditEntry.action).where(AuditEntry.action.like("pick_list.%"))))
    assert {"pick_list.created", "pick_list.title_added", "pick_list.published", "pick_list.title_removed"} <= actions


def test_lists_move_up_and_down_and_are_deleted(testapp, cast, books, dbsession):
    first, second, third = (add_list(dbsession, HOME, f"Lista {n}", books[:1], position=n) for n in range(3))
    log_in_as(testapp, cast, "librarian")
    post(testapp, f"{M}/nostot/{third.id}/siirra", {"direction": "up"}, status=303)
    assert _list_ids(dbsession, HOME) == [first.id, third.id, second.id]
    post(testapp, f"{M}/nostot/{first.id}/siirra", {"direction": "down"}, status=303)
    assert _list_ids(dbsession, HOME) == [third.id, first.id, second.id]
    post(testapp, f"{M}/nostot/{third.id}/siirra", {"direction": "up"}, status=303)  # already first
    assert _list_ids(dbsession, HOME) == [third.id, first.id, second.id]
    page = testapp.get(TAMPERE).text
    assert page.index("Lista 2") < page.index("Lista 0") < page.index("Lista 1")
    # The list's Delete button asks first, and deletes nothing until its own button is pressed.
    asked = post(testapp, f"{M}/nostot/{first.id}/poista?lang=en", status=200)
    assert "Delete the pick list?" in asked.text and "Lista 0" in asked.text
    shown = testapp.get(f"{M}/nostot/{first.id}/poista?lang=en", status=200)
    assert "Delete the pick list?" in shown.text and 'name="confirm" value="1"' in shown.text
    assert _list_ids(dbsession, HOME) == [third.id, first.id, second.id]
    post(testapp, f"{M}/nostot/{first.id}/poista", {"confirm": "1"}, status=303)
    assert _list_ids(dbsession, HOME) == [third.id, second.id]


def test_the_municipality_page_shows_its_own_picks_then_the_national_ones(testapp, cast, books, dbsession):
    add_list(dbsession, None, "Valtakunnan valinnat", books[1:2])
    add_list(dbsession, HOME, "Tampereen valinnat", books[:1])
    add_list(dbsession, OTHER, "Helsingin valinnat", books[2:])
    page = testapp.get(TAMPERE).text
    assert page.index("Tampereen valinnat") < page.index("Valtakunnan valinnat")
    assert "Helsingin valinnat" not in page
    front = testapp.get("/").text
    assert "Valtakunnan valinnat" in front and "Tampereen valinnat" not in front


def test_national_picks_are_lanes_before_the_newest_titles(testapp, cast, books, dbsession):
    add_list(dbsession, None, "Ensimmäinen", books[:1], text_fi="Lue nämä.", position=1)
    add_list(dbsession, None, "Toinen", books[1:2], position=2)
    add_list(dbsession, None, "Tyhjä", (), position=3)
    front = testapp.get("/?lang=fi").text
    assert front.index("Ensimmäinen") < front.index("Toinen") < front.index("Uudet e-kirjat")
    assert "Lue nämä." in front and "Tyhjä" not in front


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (0, 0, True),  # the only day
        (0, None, True),  # from today
        (None, 0, True),  # until today
        (1, None, False),  # from tomorrow
        (None, -1, False),  # ended yesterday
        (-5, 5, True),
        (None, None, True),
    ],
)
def test_picks_are_visible_only_between_their_dates(testapp, cast, books, dbsession, start, end, shown):
    today = finnish_today()
    day = lambda offset: today + dt.timedelta(days=offset) if offset is not None else None  # noqa: E731
    add_list(dbsession, None, "Päivätty", books[:1], visible_from=day(start), visible_until=day(end))
    add_list(dbsession, HOME, "Kunnan päivätty", books[1:2], visible_from=day(start), visible_until=day(end))
    assert ("Päivätty" in testapp.get("/").text) is shown
    assert ("Kunnan päivätty" in testapp.get(TAMPERE).text) is shown


def test_visible_lists_on_the_boundaries(dbsession, cast, books):
    day = dt.date(2026, 6, 1)
    pick_list = add_list(dbsession, HOME, items=books[:1], visible_from=day, visible_until=day + dt.timedelta(days=9))
    assert visible_lists(dbsession, HOME, day - dt.timedelta(days=1)) == []
    assert visible_lists(dbsession, HOME, day) == [pick_list]
    assert visible_lists(dbsession, HOME, day + dt.timedelta(days=9)) == [pick_list]
    assert visible_lists(dbsession, HOME, day + dt.timedelta(days=10)) == []
    assert visible_lists(dbsession, None, day) == []


def test_drafts_and_withdrawn_titles_are_not_shown(testapp, cast, books, dbsession):
    add_list(dbsession, None, "Luonnos valtakunnan", books[:1], status="draft")
    add_list(dbsession, HOME, "Luonnos kunnan", books[:1], status="draft")
    add_list(dbsession, HOME, "Poistettu teos", books[1:2])
    books[1].withdrawn = True
    dbsession.flush()
    for path in ("/", TAMPERE, f"/teos/{books[0].id}"):
        text = testapp.get(path).text
        assert "Luonnos" not in text and "Poistettu teos" not in text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "title_fi", "Give a title in Finnish or in Swedish."),
        ({"title_fi": "x" * 301}, "title_fi", "At most 300 characters."),
        ({"title_fi": "A", "text_sv": "y" * 2001}, "text_sv", "At most 2000 characters."),
        (
            {"title_fi": "A", "visible_from": "2026-06-10", "visible_until": "2026-06-01"},
            "visible_until",
            "The end date is before the start date.",
        ),
        ({"title_fi": "A", "visible_from": "10.6.2026"}, "visible_from", "Give the date as YYYY-MM-DD."),
    ],
)
def test_bad_list_forms_say_why_and_write_nothing(testapp, cast, dbsession, data, field, message):
    log_in_as(testapp, cast, "librarian")
    page = post(testapp, f"{M}/nostot/uusi?lang=en", data, status=400)
    assert message in page.text and f'id="{field}-error"' in page.text
    assert dbsession.scalars(select(CuratedList)).all() == []


def test_bad_input_is_answered_in_the_user_s_language(testapp, cast, dbsession):
    log_in_as(testapp, cast, "librarian")
    page = post(testapp, f"{M}/nostot/uusi?lang=fi", {"title_fi": "A", "visible_from": "x"}, status=400)
    assert "Anna päivämäärä muodossa VVVV-KK-PP." in page.text
    page = post(testapp, f"{M}/nostot/uusi?lang=sv", {}, status=400)
    assert "Ge en rubrik på finska eller svenska." in page.text


@pytest.mark.parametrize("value", ["999999", "abc", "", str(2**40), "-1", "²", "١٢", "1e3"])
def test_an_unknown_title_id_is_refused(testapp, cast, books, dbsession, value):
    pick_list = add_list(dbsession, HOME, items=books[:1])
    log_in_as(testapp, cast, "librarian")
    page = post(testapp, f"{M}/nostot/{pick_list.id}/lisaa?lang=en", {"publication_id": value}, status=400)
    assert "There is no title with this id in the collection." in page.text
    dbsession.flush()
    assert len(pick_list.items) == 1


def test_a_title_is_on_a_list_once(testapp, cast, books, dbsession):
    pick_list = add_list(dbsession, HOME, items=books[:1])
    log_in_as(testapp, cast, "librarian")
    page = post(testapp, f"{M}/nostot/{pick_list.id}/lisaa?lang=en", {"publication_id": books[0].id}, status=400)
    assert "The title is already on the list." in page.text


def test_odd_actions_are_bad_requests(testapp, cast, books, dbsession):
    pick_list = add_list(dbsession, HOME, items=books[:1])
    log_in_as(testapp, cast, "librarian")
    post(testapp, f"{M}/nostot/{pick_list.id}/siirra", {"direction": "sideways"}, status=400)
    post(testapp, f"{M}/nostot/{pick_list.id}/tila", {"status": "deleted"}, status=400)
    post(testapp, f"{M}/nostot/{pick_list.id}/teos", {"action": "up", "position": "9"}, status=400)
    testapp.get(f"{M}/nostot/99999999999", status=404)


def test_national_administrators_curate_the_national_picks(testapp, cast, books, dbsession):
    log_in_as(testapp, cast, "national_admin")
    post(testapp, "/hallinta/valtakunnallinen/nostot/uusi", {"title_sv": "Nationella"}, status=303)
    pick_list = dbsession.scalars(select(CuratedList)).one()
    assert pick_list.municipality_code is None
    assert "Nationella" in testapp.get("/hallinta/valtakunnallinen/nostot?lang=en").text
