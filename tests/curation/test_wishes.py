"""Patrons' wishes: sent by a patron, capped per day, answered by the librarians of the home municipality only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ebiblio_portal.models import AuditEntry, PatronWish

from ..common.staff import HOME, OTHER, csrf, log_in_as, log_in_patron
from .conftest import add_wish, post

M = f"/hallinta/kunta/{HOME}"


def _send(testapp, data, **kw):
    return testapp.post("/tili/toiveet?lang=en", {"csrf_token": csrf(testapp, "/tili/toiveet?lang=en"), **data}, **kw)


def test_a_patron_wishes_a_librarian_answers_and_the_patron_reads_the_answer(testapp, cast, dbsession):
    log_in_patron(testapp, cast.patron)
    assert "/tili/toiveet" in testapp.get("/tili?lang=en").text
    assert "/tili/toiveet" in testapp.get("/kunta/tampere?lang=en").text
    assert "/tili/toiveet" not in testapp.get("/kunta/helsinki?lang=en").text
    _send(testapp, {"kind": "acquisition", "title": "Tuntematon sotilas", "author": "Väinö Linna"}, status=303)
    wish = dbsession.scalars(select(PatronWish)).one()
    assert (wish.patron_id, wish.municipality_code, wish.status) == (cast.patron.id, HOME, "open")
    testapp.post("/ulos", {"csrf_token": csrf(testapp, "/tili?lang=en")})
    log_in_as(testapp, cast, "librarian")
    listing = testapp.get(f"{M}/toiveet?lang=en").text
    assert "Tuntematon sotilas" in listing and f"patron no. {cast.patron.id}" in listing
    assert cast.patron.library_id not in listing and cast.patron.family_name not in listing
    post(testapp, f"{M}/toiveet/{wish.id}", {"answer": "Tilasimme sen."}, status=303)
    assert wish.status == "answered" and wish.answered_by == cast.staff["librarian"].id
    assert "Tuntematon sotilas" not in testapp.get(f"{M}/toiveet?lang=en").text  # open ones by default
    assert "Tilasimme sen." in testapp.get(f"{M}/toiveet?lang=en&status=answered").text
    assert dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "wish.answered")).one()
    log_in_patron(testapp, cast.patron)
    assert "Tilasimme sen." in testapp.get("/tili/toiveet?lang=en").text


def test_wishes_are_listed_newest_first_and_filtered(testapp, cast, dbsession):
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    add_wish(dbsession, cast.patron, "Vanhempi toive", created_at=now - dt.timedelta(days=1))
    add_wish(dbsession, cast.patron, "Uudempi toive", created_at=now)
    answered = add_wish(dbsession, cast.patron, "Vastattu toive", created_at=now)
    answered.status, answered.answer = "answered", "Kiitos"
    dbsession.flush()
    log_in_as(testapp, cast, "librarian")
    page = testapp.get(f"{M}/toiveet?lang=en").text
    assert page.index("Uudempi toive") < page.index("Vanhempi toive") and "Vastattu toive" not in page
    assert "Vastattu toive" in testapp.get(f"{M}/toiveet?lang=en&status=all").text
    assert "Uudempi toive" in testapp.get(f"{M}/toiveet?lang=en&status=bogus").text


def test_wishes_are_capped_per_day(testapp, cast, dbsession):
    limit = testapp.app.registry.settings["ebiblio.curation.wishes_per_day"]
    log_in_patron(testapp, cast.patron)
    for n in range(limit):
        _send(testapp, {"kind": "feedback", "text": f"Palaute {n}"}, status=303)
    page = _send(testapp, {"kind": "feedback", "text": "Yksi liikaa"}, status=400)
    assert f"You have sent {limit} messages today" in page.text
    assert "You have sent the most messages allowed for today." in testapp.get("/tili/toiveet?lang=en").text
    assert dbsession.query(PatronWish).count() == limit


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "acquisition", "author": "X"}, "title", "Give the title you wish for."),
        ({"kind": "feedback"}, "text", "Write your feedback."),
        ({"kind": "gift", "text": "x"}, "kind", "Choose one of the options."),
        ({"kind": "feedback", "text": "x" * 4001}, "text", "At most 4000 characters."),
        ({"kind": "acquisition", "title": "x" * 301}, "title", "At most 300 characters."),
    ],
)
def test_bad_wishes_say_why_and_write_nothing(testapp, cast, dbsession, data, field, message):
    log_in_patron(testapp, cast.patron)
    page = _send(testapp, data, status=400)
    assert message in page.text and f'id="{field}-error"' in page.text
    assert dbsession.query(PatronWish).count() == 0


def test_an_empty_answer_is_refused(testapp, cast, dbsession):
    wish = add_wish(dbsession, cast.patron)
    log_in_as(testapp, cast, "librarian")
    page = post(testapp, f"{M}/toiveet/{wish.id}?lang=en", {"answer": "  "}, status=400)
    assert "Write an answer." in page.text and wish.status == "open"


def test_staff_and_anonymous_visitors_have_no_wishes_page(testapp, cast):
    assert testapp.get("/tili/toiveet", expect_errors=True).status_int in (302, 303)
    log_in_as(testapp, cast, "other_librarian")
    assert testapp.get("/tili/toiveet", expect_errors=True).status_int in (302, 303, 403)
    assert OTHER


def test_wishes_are_in_the_patron_s_data_and_go_with_the_account(dbsession, cast):
    from ebiblio_portal.accounts.erasure import erase
    from ebiblio_portal.accounts.export import patron_data

    add_wish(dbsession, cast.patron, "Enemmän runoja")
    assert [w["text"] for w in patron_data(dbsession, cast.patron)["wishes_and_feedback"]] == ["Enemmän runoja"]
    erase(dbsession, cast.patron)
    assert dbsession.scalars(select(PatronWish)).all() == []
