"""Browsing by subject, series, author and magazine; the front page's lanes."""

import datetime as dt
import uuid

import pytest

from ebiblio_portal import hookimpl
from ebiblio_portal.catalog.browse import collation_key
from ebiblio_portal.models import Loan

from ..conftest import core_plugins, make_app
from .conftest import NOW, add_patrons


def hrefs(page, selector="main ul.cards a"):
    return [a["href"] for a in page.html.select(selector)]


def test_the_nordic_alphabet_puts_a_ring_and_umlauts_after_z():
    names = ["Östman", "Zweig", "Åberg", "Ahola", "Äijälä", "Émile"]
    assert sorted(names, key=lambda n: collation_key(n, "fi")) == [
        "Ahola",
        "Émile",
        "Zweig",
        "Åberg",
        "Äijälä",
        "Östman",
    ]
    assert sorted(names, key=lambda n: collation_key(n, "en"))[:3] == ["Åberg", "Ahola", "Äijälä"]


def test_the_browse_root_links_every_way_in(testapp, catalogue):
    page = testapp.get("/selaa?lang=en")
    for path in ("/selaa/aiheet", "/selaa/sarjat", "/selaa/tekijat", "/lehdet", "/selaa/uutuudet?medium=ebook"):
        assert f'href="{path}"' in page.text
    assert 'href="/selaa/aiheet/klassikot"' in page.text


def test_subjects_are_listed_with_counts_in_alphabetical_order(testapp, catalogue):
    page = testapp.get("/selaa/aiheet?lang=fi")
    names = [a.get_text() for a in page.html.select("ul.names a")]
    assert names == ["dikter", "klassikot", "lastenkirjallisuus", "näytelmät", "romaanit"]
    assert 'klassikot</a> <span class="count">(2)' in page.text


def test_a_subject_lists_one_publication_per_work(testapp, catalogue):
    page = testapp.get("/selaa/aiheet/klassikot?lang=en")
    assert sorted(hrefs(page)) == sorted(
        [f"/teos/{catalogue['brothers-ebook']}", f"/teos/{catalogue['nummisuutarit']}"]
    )
    assert "2 titles" in page.text


def test_a_series_is_in_reading_order(testapp, catalogue):
    page = testapp.get("/selaa/sarjat/Muumit?lang=en")
    assert hrefs(page) == [f"/teos/{catalogue[f'moomin-{n}']}" for n in ("1", "2", "10")]


def test_series_and_authors_by_first_letter(testapp, catalogue):
    series = testapp.get("/selaa/sarjat?letter=M&lang=en")
    assert [a.get_text() for a in series.html.select("ul.names a")] == ["Muumit"]
    authors = testapp.get("/selaa/tekijat?letter=L&lang=en")
    assert [a.get_text() for a in authors.html.select("ul.names a")] == ["Lukija Lahtinen"]
    assert "Nothing here yet" in testapp.get("/selaa/tekijat?letter=%C3%96&lang=en").text


def test_an_author_lists_their_works(testapp, catalogue):
    page = testapp.get("/selaa/tekijat/Tove%20Jansson?lang=en")
    assert len(hrefs(page)) == 3


def test_magazines_and_their_issues_newest_first(testapp, catalogue):
    page = testapp.get("/lehdet?lang=en")
    assert page.html.select_one("ul.periodicals a")["href"] == "/lehdet/tekniikan-maailma"
    assert "3 issues" in page.text
    issues = testapp.get("/lehdet/tekniikan-maailma?lang=en")
    assert hrefs(issues) == [f"/teos/{catalogue[f'tm-{m}']}" for m in (3, 2, 1)]


def test_browse_pages_page(testapp, catalogue, monkeypatch):
    monkeypatch.setattr("ebiblio_portal.catalog.browse.PER_PAGE", 2)
    first = testapp.get("/lehdet/tekniikan-maailma?lang=en")
    assert len(hrefs(first)) == 2 and 'rel="next"' in first.text
    second = testapp.get("/lehdet/tekniikan-maailma?page=2&lang=en")
    assert hrefs(second) == [f"/teos/{catalogue['tm-1']}"] and 'rel="prev"' in second.text


@pytest.mark.parametrize(
    "path",
    [
        "/selaa/aiheet?page=zz",
        "/selaa/aiheet?page=-5",
        "/selaa/aiheet?page=99999999999999999999999",
        "/selaa/tekijat?letter=%00",
        "/selaa/tekijat?letter=%D6",
        "/selaa/tekijat?letter=' OR 1=1",
        "/selaa/sarjat?letter=AA&page=3",
        "/selaa/uutuudet?medium=vinyl&language=%ff&audience=x&page=0",
        "/selaa/uutuudet?sort=popular&page=abc",
        "/lehdet?page=1e9",
        "/lehdet/tekniikan-maailma?page=10000",
    ],
)
def test_bad_parameters_give_a_page_not_a_500(testapp, catalogue, path):
    assert testapp.get(path + ("&" if "?" in path else "?") + "lang=en").status_code == 200


@pytest.mark.parametrize(
    "path", ["/selaa/aiheet/ei-ole", "/selaa/sarjat/" + "x" * 400, "/lehdet/ei-ole", "/selaa/tekijat/%20"]
)
def test_unknown_names_are_a_friendly_404(testapp, catalogue, path):
    assert "Page not found" in testapp.get(path + "?lang=en", status=404).text


def test_the_front_page_has_its_lanes_with_show_all_links(testapp, catalogue):
    page = testapp.get("/?lang=en")
    headings = [h.get_text() for h in page.html.select("section.lane h2")]
    assert headings == [
        "New e-books",
        "New audiobooks",
        "New magazine issues",
        "Popular now",
        "In Swedish",
        "For children",
    ]
    ebooks = page.html.select_one("#lane-new_ebooks").find_parent("section")
    assert ebooks.select_one(".lane-head a")["href"] == "/selaa/uutuudet?medium=ebook"
    assert f"/teos/{catalogue['withdrawn']}" not in page.text
    swedish = page.html.select_one("#lane-in_swedish").find_parent("section")
    assert [a["href"] for a in swedish.select("ul a")] == [f"/teos/{catalogue['fanrik']}"]


def test_popular_now_follows_loans_of_the_last_30_days(testapp, dbsession, catalogue):
    patrons = add_patrons(dbsession, 3)
    for patron in patrons:
        dbsession.add(
            Loan(
                id=str(uuid.uuid4()),
                patron_id=patron.id,
                publication_id=catalogue["fanrik"],
                status="returned",
                started_at=NOW - dt.timedelta(days=3),
                due_at=NOW,
            )
        )
    dbsession.add(
        Loan(
            id=str(uuid.uuid4()),
            patron_id=patrons[0].id,
            publication_id=catalogue["nummisuutarit"],
            status="returned",
            started_at=NOW - dt.timedelta(days=60),
            due_at=NOW - dt.timedelta(days=40),
        )
    )
    dbsession.flush()
    popular = testapp.get("/?lang=en").html.select_one("#lane-popular").find_parent("section")
    shown = [a["href"] for a in popular.select("ul a")]
    assert shown[0] == f"/teos/{catalogue['fanrik']}", "three loans this month"
    assert f"/teos/{catalogue['nummisuutarit']}" not in shown, "a loan two months ago is not popular now"
    page = testapp.get("/selaa/uutuudet?sort=popular&lang=en")
    assert hrefs(page)[0] == f"/teos/{catalogue['fanrik']}"


def test_popular_falls_back_to_the_newest(testapp, dbsession, catalogue):
    dbsession.query(Loan).delete()
    popular = testapp.get("/?lang=en").html.select_one("#lane-popular").find_parent("section")
    assert popular.select_one("ul a")["href"] == f"/teos/{catalogue['tm-3']}"


def test_show_all_lists_the_newest_of_a_medium(testapp, catalogue):
    page = testapp.get("/selaa/uutuudet?medium=audiobook&lang=en")
    assert hrefs(page) == [f"/teos/{catalogue['brothers-audio']}"]


class Picks:
    """Curation's way in: a lane provider with a small position comes first."""

    name, position = "national_picks", 10

    def title(self, request):
        return "Picks of the week"

    def items(self, request, limit):
        from ebiblio_portal.models import Publication

        return [p for p in request.dbsession.query(Publication).filter(Publication.title.like("Muumi%"))][:limit]

    def more_url(self, request):
        return None

    @hookimpl
    def register_routes(self, config):
        config.add_front_page_lane(self)


def test_curation_adds_lanes_through_the_registry(app_settings, dbsession, catalogue):
    import transaction
    import webtest

    app = make_app(app_settings, core_plugins(Picks()))
    manager = transaction.TransactionManager(explicit=True)
    client = webtest.TestApp(app, extra_environ={"tm.active": True, "tm.manager": manager, "app.dbsession": dbsession})
    page = client.get("/?lang=en").html
    assert page.select("section.lane h2")[0].get_text() == "Picks of the week"
    assert page.select_one("#lane-national_picks").find_parent("section").select_one(".lane-head a") is None
