"""Who may open and use each curation staff page: a role-by-view matrix, and records of other scopes."""

from __future__ import annotations

import pytest

from ebiblio_portal.models import AuditEntry, CuratedList
from ebiblio_portal.security.policy import CURATE

from ..common.staff import HOME, OTHER, denied, log_in_as
from .conftest import post

CURATORS_OF_HOME = {"librarian", "municipal_admin", "national_admin"}
NATIONAL_ONLY = {"national_admin"}
M = f"/hallinta/kunta/{HOME}"
N = "/hallinta/valtakunnallinen"

# (method, path with {list}/{tip}/{page}/{wish} of the scope, form data, who may)
PAGES = [
    ("GET", "{p}/nostot", None),
    ("GET", "{p}/nostot/uusi", None),
    ("GET", "{p}/nostot/{list}", None),
    ("GET", "{p}/kirjavinkit", None),
    ("GET", "{p}/kirjavinkit/uusi", None),
    ("GET", "{p}/kirjavinkit/{tip}", None),
    ("GET", "{p}/sivut", None),
    ("GET", "{p}/sivut/uusi", None),
    ("GET", "{p}/sivut/{page}", None),
    ("GET", "{p}/sivut/{page}/historia", None),
    ("POST", "{p}/nostot/uusi", {"title_fi": "Uusi lista"}),
    ("POST", "{p}/nostot/{list}", {"title_fi": "Muutettu"}),
    ("POST", "{p}/nostot/{list}/siirra", {"direction": "down"}),
    ("POST", "{p}/nostot/{list}/tila", {"status": "draft"}),
    ("POST", "{p}/nostot/{list}/lisaa", {"publication_id": "{book}"}),
    ("POST", "{p}/nostot/{list}/teos", {"action": "down", "position": "1"}),
    ("GET", "{p}/nostot/{list}/poista", None),
    ("POST", "{p}/nostot/{list}/poista", {"confirm": "1"}),
    ("POST", "{p}/kirjavinkit/uusi", {"publication_id": "{book}", "author_name": "A", "text_fi": "Hyvä"}),
    ("POST", "{p}/kirjavinkit/{tip}", {"publication_id": "{book}", "author_name": "A", "text_fi": "Hyvä"}),
    ("POST", "{p}/kirjavinkit/{tip}/tila", {"status": "draft"}),
    ("GET", "{p}/kirjavinkit/{tip}/poista", None),
    ("POST", "{p}/kirjavinkit/{tip}/poista", {"confirm": "1"}),
    ("POST", "{p}/sivut/uusi", {"slug": "uusi", "kind": "help", "title_fi": "Uusi", "body_fi": "x"}),
    ("POST", "{p}/sivut/{page}", {"title_fi": "Ohje 2", "body_fi": "y"}),
    ("POST", "{p}/sivut/{page}/tila", {"status": "draft"}),
    ("POST", "{p}/sivut/{page}/palauta", {"revision": "{revision}"}),
]
WISH_PAGES = [
    ("GET", "{p}/toiveet", None),
    ("POST", "{p}/toiveet/{wish}", {"answer": "Hankimme sen."}),
]


def _fill(text, records, scope, books):
    values = {
        "p": M if scope == "home" else N,
        "list": records.lists[scope].id,
        "tip": records.tips[scope].id,
        "page": records.pages[scope].id,
        "revision": records.pages[scope].revisions[0].id,
        "wish": records.wishes["home"].id,
        "book": books[2].id,
    }
    return text.format(**values)


def _ask(testapp, method, path, data, records, scope, books):
    url = _fill(path, records, scope, books)
    if method == "GET":
        return testapp.get(url + "?lang=en", expect_errors=True)
    form = {k: _fill(v, records, scope, books) for k, v in data.items()}
    return post(testapp, url, form, expect_errors=True)


def _allowed(response):
    return response.status_int in (200, 303) and not denied(response)


def _changes(dbsession):
    return dbsession.query(AuditEntry).filter(AuditEntry.action != "staff.login").count()


def test_a_municipality_s_curation_pages_by_role(testapp, as_who, records, books, dbsession):
    for method, path, data in PAGES + WISH_PAGES:
        before = _changes(dbsession)
        response = _ask(testapp, method, path, data, records, "home", books)
        if as_who in CURATORS_OF_HOME:
            assert _allowed(response), (as_who, path, response.status)
            if method == "POST":
                assert _changes(dbsession) > before, (as_who, path, "not audited")
        else:
            assert denied(response), (as_who, path, response.status)
            assert _changes(dbsession) == before


def test_national_curation_pages_are_for_national_administrators(testapp, as_who, records, books):
    for method, path, data in PAGES:
        response = _ask(testapp, method, path, data, records, "national", books)
        if as_who in NATIONAL_ONLY:
            assert _allowed(response), (as_who, path, response.status)
        else:
            assert denied(response), (as_who, path, response.status)


@pytest.mark.parametrize(
    "path",
    ["/nostot/{list}", "/kirjavinkit/{tip}", "/sivut/{page}", "/sivut/{page}/historia"],
)
@pytest.mark.parametrize("scope", ["other", "national"])
def test_another_scope_s_record_is_not_found_under_one_s_own_municipality(testapp, cast, records, books, path, scope):
    log_in_as(testapp, cast, "librarian")
    url = M + path.format(list=records.lists[scope].id, tip=records.tips[scope].id, page=records.pages[scope].id)
    testapp.get(url, status=404)


def test_a_librarian_cannot_change_another_municipality_s_list_through_either_address(
    testapp, cast, records, dbsession
):
    log_in_as(testapp, cast, "librarian")
    theirs = records.lists["other"]
    post(testapp, f"{M}/nostot/{theirs.id}", {"title_fi": "Kaapattu"}, status=404)
    assert denied(
        post(testapp, f"/hallinta/kunta/{OTHER}/nostot/{theirs.id}", {"title_fi": "Kaapattu"}, expect_errors=True)
    )
    post(testapp, f"{M}/nostot/{theirs.id}/poista", {"confirm": "1"}, status=404)
    dbsession.expire_all()
    assert dbsession.get(CuratedList, theirs.id).title_fi == "Kesän kirjat"


def test_a_librarian_of_another_municipality_sees_none_of_its_wishes(testapp, cast, records):
    log_in_as(testapp, cast, "other_librarian")
    assert denied(testapp.get(f"{M}/toiveet", expect_errors=True))
    mine = testapp.get(f"/hallinta/kunta/{OTHER}/toiveet?lang=en&status=all")
    assert records.wishes["other"].text in mine.text
    assert f"patron no. {records.wishes['home'].patron_id}" not in mine.text
    post(testapp, f"/hallinta/kunta/{OTHER}/toiveet/{records.wishes['home'].id}", {"answer": "x"}, status=404)


def test_the_sections_appear_in_the_staff_area(testapp, cast):
    log_in_as(testapp, cast, "librarian")
    page = testapp.get(f"{M}?lang=en")
    for link in ("nostot", "kirjavinkit", "sivut", "toiveet"):
        assert f'href="{M}/{link}"' in page.text
    assert "/hallinta/valtakunnallinen" not in testapp.get("/hallinta?lang=en").text
    log_in_as(testapp, cast, "national_admin")
    home = testapp.get("/hallinta?lang=en")
    for link in ("nostot", "kirjavinkit", "sivut"):
        assert f'href="{N}/{link}"' in home.text


def test_every_staff_change_is_audited(testapp, cast, records, dbsession):
    log_in_as(testapp, cast, "librarian")
    post(testapp, f"{M}/nostot/{records.lists['home'].id}/tila", {"status": "draft"}, status=303)
    entry = dbsession.query(AuditEntry).filter_by(action="pick_list.unpublished").one()
    assert entry.actor == "staff:librarian" and entry.target == f"pick_list:{records.lists['home'].id}"
    assert entry.detail["municipality"] == HOME


def test_curate_is_the_permission_of_the_views():
    assert CURATE == "curate"
