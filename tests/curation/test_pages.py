"""Content pages: fi and sv versions, every save a revision, restoring, publishing; public addresses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ebiblio_portal.curation.forms import BODY_MAX, page_form
from ebiblio_portal.models import ContentPage, ContentRevision

from ..common.staff import HOME, OTHER, log_in_as
from .conftest import add_page, csrf, post

M = f"/hallinta/kunta/{HOME}"


def _revisions(dbsession, page):
    return dbsession.scalars(
        select(ContentRevision).where(ContentRevision.page_id == page.id).order_by(ContentRevision.id)
    ).all()


def test_a_page_is_drafted_published_edited_and_restored(testapp, cast, dbsession):
    log_in_as(testapp, cast, "librarian")
    data = {"slug": "aukioloajat", "kind": "contact", "title_fi": "Aukioloajat", "body_fi": "Auki **aina**."}
    post(testapp, f"{M}/sivut/uusi", {**data, "draft": ""}, status=303)
    page = dbsession.scalars(select(ContentPage)).one()
    assert (page.status, page.municipality_code) == ("draft", HOME)
    testapp.get("/kunta/tampere/sivu/aukioloajat", status=404)
    save = {"title_fi": "Aukioloajat", "body_fi": "Auki **aina**.", "title_sv": "Öppettider", "body_sv": "Öppet."}
    post(testapp, f"{M}/sivut/{page.id}", {**save, "publish": ""}, status=303)
    public = testapp.get("/kunta/tampere/sivu/aukioloajat?lang=fi")
    assert "<strong>aina</strong>" in public.text
    assert "Öppet." in testapp.get("/kommun/tammerfors/sida/aukioloajat?lang=sv").text
    assert "/kunta/tampere/sivu/aukioloajat" in testapp.get("/kunta/tampere?lang=fi").text
    post(testapp, f"{M}/sivut/{page.id}", {**save, "body_fi": "Suljettu.", "draft": ""}, status=303)
    assert "aina" in testapp.get("/kunta/tampere/sivu/aukioloajat?lang=fi").text  # the draft is not shown
    revisions = _revisions(dbsession, page)
    assert [(r.language, r.status) for r in revisions] == [
        ("fi", "draft"),
        ("fi", "published"),
        ("sv", "published"),
        ("fi", "draft"),
    ]
    history = testapp.get(f"{M}/sivut/{page.id}/historia?lang=en").text
    assert "Suljettu." in history and "Auki **aina**." in history
    post(testapp, f"{M}/sivut/{page.id}/palauta", {"revision": revisions[0].id}, status=303)
    newest = _revisions(dbsession, page)[-1]
    assert (newest.body_markdown, newest.status, newest.language) == ("Auki **aina**.", "draft", "fi")
    post(testapp, f"{M}/sivut/{page.id}/tila", {"status": "published"}, status=303)
    assert newest.status == "published"
    post(testapp, f"{M}/sivut/{page.id}/tila", {"status": "draft"}, status=303)
    testapp.get("/kunta/tampere/sivu/aukioloajat", status=404)
    testapp.get("/kommun/tammerfors/sida/aukioloajat", status=404)
    assert "/kunta/tampere/sivu/aukioloajat" not in testapp.get("/kunta/tampere").text


def test_national_pages_have_their_own_addresses_and_footer_links(testapp, cast, dbsession):
    add_page(dbsession, None, "ohjeet", revisions=(("fi", "Ohjeet", "Näin lainaat."), ("sv", "Hjälp", "Så lånar du.")))
    add_page(dbsession, HOME, "ohjeet", revisions=(("fi", "Tampereen ohjeet", "Kysy meiltä."),))
    assert "Näin lainaat." in testapp.get("/sivu/ohjeet").text
    assert "Så lånar du." in testapp.get("/sida/ohjeet?lang=sv").text
    assert "Kysy meiltä." in testapp.get("/kunta/tampere/sivu/ohjeet").text
    testapp.get("/kunta/helsinki/sivu/ohjeet", status=404)
    testapp.get("/kunta/ei-ole/sivu/ohjeet", status=404)
    testapp.get("/sivu/" + "x" * 500, status=404)
    assert 'href="/sivu/ohjeet"' in testapp.get("/?lang=fi").text
    assert 'href="/sida/ohjeet"' in testapp.get("/?lang=sv").text


def test_a_page_in_one_language_is_shown_to_readers_of_the_other_with_its_lang(testapp, cast, dbsession):
    add_page(dbsession, None, "saavutettavuus", revisions=(("fi", "Saavutettavuus", "Seloste."),))
    swedish = testapp.get("/sida/saavutettavuus?lang=sv").text
    assert '<h1 id="page-title" lang="fi">Saavutettavuus</h1>' in swedish
    assert '<div class="page-body" lang="fi">' in swedish
    finnish = testapp.get("/sivu/saavutettavuus?lang=fi").text
    assert '<h1 id="page-title">Saavutettavuus</h1>' in finnish
    assert '<a href="/sida/saavutettavuus" lang="fi">Saavutettavuus</a>' in swedish


def test_drafts_are_never_public(testapp, cast, dbsession):
    add_page(dbsession, HOME, "luonnos", status="draft", revisions=(("fi", "Luonnos", "Salaista."),))
    published = add_page(dbsession, OTHER, "uutiset", revisions=(("fi", "Uutiset", "Julkinen."),))
    published.revisions.append(ContentRevision(language="fi", title="Uutiset", body_markdown="Kesken.", status="draft"))
    dbsession.flush()
    testapp.get("/kunta/tampere/sivu/luonnos", status=404)
    page = testapp.get("/kunta/helsinki/sivu/uutiset").text
    assert "Julkinen." in page and "Kesken." not in page
    assert "Luonnos" not in testapp.get("/kunta/tampere").text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "help", "title_fi": "A", "body_fi": "b"}, "slug", "Fill in this field."),
        ({"slug": "Iso Kirjain", "kind": "help", "title_fi": "A"}, "slug", "Use only lower-case letters"),
        ({"slug": "a", "kind": "blog", "title_fi": "A"}, "kind", "Choose one of the options."),
        ({"slug": "a", "kind": "help"}, "title_fi", "Write the page in Finnish or in Swedish."),
        ({"slug": "a", "kind": "help", "body_sv": "text"}, "title_sv", "Give the page a title."),
        ({"slug": "a", "kind": "help", "title_fi": "x" * 301}, "title_fi", "At most 300 characters."),
    ],
)
def test_bad_pages_say_why_and_write_nothing(testapp, cast, dbsession, data, field, message):
    log_in_as(testapp, cast, "librarian")
    page = post(testapp, f"{M}/sivut/uusi?lang=en", data, status=400)
    assert message in page.text and f'id="{field}-error"' in page.text
    assert dbsession.scalars(select(ContentPage)).all() == []


def test_a_taken_address_is_refused(testapp, cast, dbsession):
    add_page(dbsession, HOME, "ohje")
    log_in_as(testapp, cast, "librarian")
    page = post(testapp, f"{M}/sivut/uusi?lang=en", {"slug": "ohje", "kind": "help", "title_fi": "A"}, status=400)
    assert "There already is a page at this address." in page.text
    post(testapp, f"{M}/sivut/uusi?lang=en", {"slug": "ohje-2", "kind": "help", "title_fi": "A"}, status=303)


def test_a_revision_of_another_page_is_not_restored(testapp, cast, dbsession):
    mine, theirs = add_page(dbsession, HOME, "a"), add_page(dbsession, HOME, "b")
    log_in_as(testapp, cast, "librarian")
    post(testapp, f"{M}/sivut/{mine.id}/palauta", {"revision": theirs.revisions[0].id}, status=404)
    post(testapp, f"{M}/sivut/{mine.id}/palauta", {"revision": "x"}, status=404)
    post(testapp, f"{M}/sivut/{mine.id}/palauta", {"revision": "²"}, status=404)
    upload = [("revision", "r.txt", b"1")]
    testapp.post(f"{M}/sivut/{mine.id}/palauta", {"csrf_token": csrf(testapp)}, upload_files=upload, status=404)
    testapp.get(f"{M}/kirjavinkit/uusi", {"publication": "²"}, status=200)
    assert len(_revisions(dbsession, mine)) == 1


class FakeRequest:
    """Just enough of a request for the form readers (a body this long would go to a temporary file in WebOb)."""

    def __init__(self, post):
        self.POST = post
        self.localizer = self

    def translate(self, message):
        return message.interpolate()


def test_an_over_long_body_is_refused():
    form = page_form(FakeRequest({"slug": "a", "kind": "help", "title_fi": "A", "body_fi": "x" * (BODY_MAX + 1)}), True)
    assert form.errors == {"body_fi": f"At most {BODY_MAX} characters."}
    assert page_form(FakeRequest({"title_fi": "A", "body_fi": "x" * BODY_MAX}), False).ok
