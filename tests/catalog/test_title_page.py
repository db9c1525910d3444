"""The title page: every format of the work, availability, series neighbours, more by the author."""

import re

import pytest
from sqlalchemy import event

from ebiblio_portal import hookimpl
from ebiblio_portal.catalog.actions import SampleOnly, TitleAction
from ebiblio_portal.catalog.interfaces import ITitleActions
from ebiblio_portal.i18n import _

from ..conftest import core_plugins, make_app


def title(catalogue, testapp, key, **params):
    query = "&".join(f"{k}={v}" for k, v in {"lang": "en", **params}.items())
    return testapp.get(f"/teos/{catalogue[key]}?{query}")


def test_the_title_page_shows_the_work_and_all_its_formats(testapp, catalogue):
    page = title(catalogue, testapp, "brothers-ebook")
    assert '<h1 id="title-heading">Seitsemän veljestä</h1>' in page.text
    assert "Suomen ensimmäinen romaani." in page.text
    assert "SKS" in page.text and ">2020<" in page.text
    assert "All formats" in page.text
    # The audiobook of the same ISBN from another vendor is one of the work's offers, with its narrator and length.
    assert f'href="/teos/{catalogue["brothers-audio"]}"' in page.text
    assert "Lukija Lahtinen" in page.text
    assert "8 hr 25 min" in page.text
    assert 'href="/selaa/aiheet/klassikot"' in page.text
    assert 'href="/selaa/tekijat/Aleksis%20Kivi"' in page.text


def test_the_duration_is_formatted_in_the_readers_language(testapp, catalogue):
    assert "8 t 25 min" in title(catalogue, testapp, "brothers-audio", lang="fi").text
    assert "8 tim 25 min" in title(catalogue, testapp, "brothers-audio", lang="sv").text


def test_availability_counts_copies_loans_and_the_queue(testapp, catalogue):
    ebook = title(catalogue, testapp, "brothers-ebook").html
    section = ebook.select_one("#availability-heading").parent.get_text(" ", strip=True)
    assert "2 of 2 copies available" in section
    audio = title(catalogue, testapp, "brothers-audio").html
    section = audio.select_one("#availability-heading").parent.get_text(" ", strip=True)
    assert "0 of 1 copy available" in section
    assert "2 patrons in the queue" in section
    # Third in the queue for one seat of 21-day loans: 3 × 21 days.
    assert "about 9 weeks" in section


def test_a_title_without_a_license_says_so(testapp, catalogue):
    assert "Not available for lending at the moment." in title(catalogue, testapp, "no-license").text


def test_magazines_are_always_available_and_link_to_their_issues(testapp, catalogue):
    page = title(catalogue, testapp, "tm-2")
    assert "Always available" in page.text
    assert 'href="/lehdet/tekniikan-maailma"' in page.text


def test_series_neighbours_follow_the_series_number(testapp, catalogue):
    page = title(catalogue, testapp, "moomin-2").html
    nav = page.select_one("nav.series-nav")
    assert nav.select_one('a[rel="prev"]')["href"] == f"/teos/{catalogue['moomin-1']}"
    assert nav.select_one('a[rel="next"]')["href"] == f"/teos/{catalogue['moomin-10']}", "10 comes after 2"
    lane = [a["href"] for a in page.select_one("#lane-series").find_parent("section").select("ul a")]
    assert lane == [f"/teos/{catalogue['moomin-1']}", f"/teos/{catalogue['moomin-10']}"]


def test_more_by_the_same_author(testapp, catalogue):
    page = title(catalogue, testapp, "brothers-ebook").html
    more = page.select_one("#lane-author").find_parent("section")
    assert "More by Aleksis Kivi" in more.get_text()
    hrefs = [a["href"] for a in more.select("ul a")]
    assert f"/teos/{catalogue['nummisuutarit']}" in hrefs
    assert f"/teos/{catalogue['brothers-audio']}" not in hrefs, "the same work is not 'more'"
    assert f"/teos/{catalogue['withdrawn']}" not in hrefs


class BeforeCirculation:
    """The catalogue's own default, put back in place of whatever circulation registered."""

    @hookimpl
    def register_routes(self, config):
        config.register_service(SampleOnly(), ITitleActions)


def client(app_settings, dbsession, *plugins):
    import transaction
    import webtest

    app = make_app(app_settings, core_plugins(*plugins))
    manager = transaction.TransactionManager(explicit=True)
    return webtest.TestApp(app, extra_environ={"tm.active": True, "tm.manager": manager, "app.dbsession": dbsession})


def test_before_circulation_the_sample_is_offered_and_borrowing_opens_soon(app_settings, dbsession, catalogue):
    testapp = client(app_settings, dbsession, BeforeCirculation())
    audio = title(catalogue, testapp, "brothers-audio").html
    actions = audio.select_one("section.availability .actions")
    assert actions.select_one("a.action-sample")["href"] == "https://samples.example/brothers.mp3"
    assert actions.select_one("a.action-sample").get_text() == "Listen to a sample"
    assert "Borrowing opens soon" in actions.get_text()
    assert actions.select("form") == [], "no dead borrow buttons"
    ebook = title(catalogue, testapp, "brothers-ebook").html.select_one("section.availability .actions")
    assert ebook.select("a") == [] and "Borrowing opens soon" in ebook.get_text()


class Circulation:
    """What circulation will do: register ITitleActions; the title page renders its actions as forms."""

    lending_open = True

    def actions(self, request, publication, availability):
        if availability.state == "available":
            return [TitleAction("borrow", _("Borrow"), f"/lainaa/{publication.id}")]
        return [TitleAction("hold", _("Place a hold"), f"/varaa/{publication.id}")]

    @hookimpl
    def register_routes(self, config):
        config.register_service(self, ITitleActions)


def test_circulation_plugs_its_actions_in_as_forms_with_a_csrf_token(app_settings, dbsession, catalogue):
    testapp = client(app_settings, dbsession, Circulation())
    page = testapp.get(f"/teos/{catalogue['brothers-audio']}?lang=en").html
    form = page.select_one("section.availability .actions form")
    assert form["method"] == "post" and form["action"] == f"/varaa/{catalogue['brothers-audio']}"
    assert form.select_one('input[name="csrf_token"]')["value"]
    assert form.select_one("button").get_text() == "Place a hold"
    assert "Borrowing opens soon" not in page.text
    ebook = testapp.get(f"/teos/{catalogue['brothers-ebook']}?lang=en").html
    assert ebook.select_one("section.availability form")["action"] == f"/lainaa/{catalogue['brothers-ebook']}"


def test_the_old_address_redirects(testapp, catalogue):
    response = testapp.get(f"/julkaisu/{catalogue['brothers-ebook']}", status=301)
    assert response.location.endswith(f"/teos/{catalogue['brothers-ebook']}")


@pytest.mark.parametrize("path", ["/teos/0", "/teos/99999999999999999999", "/teos/abc", "/teos/-1"])
def test_unknown_titles_are_a_friendly_404(testapp, catalogue, path):
    response = testapp.get(path + "?lang=en", status=404)
    assert "Page not found" in response.text


def test_a_withdrawn_title_is_gone(testapp, catalogue):
    testapp.get(f"/teos/{catalogue['withdrawn']}", status=404)


def test_the_page_has_one_main_heading(testapp, catalogue):
    page = title(catalogue, testapp, "brothers-ebook").text
    assert len(re.findall(r"<h1[ >]", page)) == 1


def test_a_title_whose_vendor_counts_the_copies_is_not_shown_as_unavailable():
    import datetime as dt

    from ebiblio_portal.catalog.availability import _one

    class Offer:
        id, simultaneous_use, licenses = 7, False, []

    availability = _one(Offer(), dt.datetime.now(dt.UTC), 0, {"waiting": 2, "ready": 0}, vendor_counts=True)
    assert availability.lendable and availability.counted_by_vendor and not availability.unlimited
    assert availability.state == "available" and availability.holds == 2
    # A vendor that leaves counting to the portal and lists no license: nothing to lend.
    assert not _one(Offer(), dt.datetime.now(dt.UTC), 0, {"waiting": 0, "ready": 0}).lendable


def test_the_title_page_reads_the_publication_with_its_offers_in_one_statement(testapp, catalogue, dbsession):
    statements = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    bind = dbsession.get_bind()
    event.listen(bind, "before_cursor_execute", seen)
    try:
        title(catalogue, testapp, "brothers-ebook")
    finally:
        event.remove(bind, "before_cursor_execute", seen)
    # Publications by id, then offers of its work, used to be two reads of the same rows and their relations.
    reads = [
        s
        for s in statements
        if s.lstrip().startswith("SELECT publications.id, publications.work_id, publications.vendor_name")
    ]
    assert len(reads) == 2  # the work's offers (the publication among them), then the cards of "more by the author"
    assert sum("FROM loans" in s for s in statements) == 1  # seats and queue counted together
    assert not any(s.lstrip().startswith("SELECT holds.publication_id") for s in statements)
