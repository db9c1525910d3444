"""The OPDS 2.0 feeds validate against the official schemas and say what a reading app needs."""

import datetime as dt
import uuid

import pytest

from ebiblio_portal.interfaces import ISearchIndex
from ebiblio_portal.models import Hold
from ebiblio_portal.services import lookup

from ..catalog.conftest import NOW, add_patrons
from .validate import errors


def get(testapp, path, kind="feed", status=200, content_type="application/opds+json"):
    response = testapp.get(path, status=status)
    assert response.content_type == content_type
    assert errors(response.json, kind) == []
    return response.json


def test_the_validator_catches_an_invalid_feed():
    assert errors({"metadata": {}, "links": []}, "feed") != []
    assert errors({"title": "x"}, "authentication") != []


def test_the_root_is_a_navigation_feed_with_search_and_authentication(testapp):
    root = get(testapp, "/opds?lang=en")
    rels = {link["rel"]: link for link in root["links"]}
    assert rels["self"]["href"] == "http://localhost/opds"
    assert rels["search"]["href"] == "http://localhost/opds/search{?query}" and rels["search"]["templated"]
    assert rels["http://opds-spec.org/auth/document"]["href"] == "http://localhost/opds/auth"
    titles = [entry["title"] for entry in root["navigation"]]
    assert titles[:4] == ["New e-books", "New audiobooks", "New magazine issues", "Popular now"]


def test_a_publication_feed_has_facets_paging_and_borrow_links(testapp, catalogue):
    feed = get(testapp, "/opds/new?medium=ebook&lang=en")
    assert feed["metadata"]["numberOfItems"] == 7 and feed["metadata"]["itemsPerPage"] == 50
    assert feed["metadata"]["currentPage"] == 1
    ids = [p["links"][0]["href"].rsplit("/", 1)[1] for p in feed["publications"]]
    assert str(catalogue["withdrawn"]) not in ids
    media = feed["facets"][0]["links"]
    assert [(link["title"], link["properties"]["numberOfItems"]) for link in media] == [
        ("E-books", 7),
        ("Audiobooks", 1),
        ("Magazines", 3),
    ]
    assert media[0]["rel"] == "self" and "rel" not in media[1]
    languages = {link["title"]: link for link in feed["facets"][1]["links"]}
    assert languages["fi"]["properties"]["numberOfItems"] == 6
    assert languages["sv"]["properties"]["numberOfItems"] == 1
    assert languages["All languages"]["rel"] == "self"


def test_the_language_facet_filters(testapp, catalogue):
    feed = get(testapp, "/opds/new?medium=ebook&language=sv&lang=en")
    assert [p["metadata"]["title"] for p in feed["publications"]] == ["Fänrik Ståls sägner"]
    active = [link for link in feed["facets"][1]["links"] if link.get("rel") == "self"]
    assert [link["title"] for link in active] == ["sv"]


def test_paging_links(testapp, catalogue, monkeypatch):
    monkeypatch.setattr("ebiblio_portal.opds.views.PER_PAGE", 2)
    feed = get(testapp, "/opds/new?medium=ebook&page=2")
    rels = {link["rel"]: link["href"] for link in feed["links"]}
    assert rels["previous"].endswith("page=1") and rels["next"].endswith("page=3")
    assert rels["first"].endswith("page=1") and rels["last"].endswith("page=4")
    assert len(feed["publications"]) == 2 and feed["metadata"]["currentPage"] == 2
    last = get(testapp, "/opds/new?medium=ebook&page=999")
    assert last["metadata"]["currentPage"] == 4 and "next" not in {link["rel"] for link in last["links"]}


def test_a_publication_entry_has_readium_metadata_and_availability(testapp, dbsession, catalogue):
    entry = get(
        testapp,
        f"/opds/publications/{catalogue['brothers-audio']}",
        "publication",
        content_type="application/opds-publication+json",
    )
    metadata = entry["metadata"]
    assert metadata["identifier"] == "urn:isbn:9789510000001"
    assert metadata["author"] == [{"name": "Aleksis Kivi"}] and metadata["narrator"] == [{"name": "Lukija Lahtinen"}]
    assert metadata["duration"] == 8 * 3600 + 25 * 60 and metadata["language"] == "fi"
    assert metadata["@type"] == "http://schema.org/Audiobook"
    borrow = next(link for link in entry["links"] if link["rel"] == "http://opds-spec.org/acquisition/borrow")
    assert borrow["type"] == "application/opds-publication+json"
    assert borrow["properties"]["availability"]["state"] == "unavailable"
    assert borrow["properties"]["availability"]["until"] > NOW.isoformat()
    assert borrow["properties"]["copies"] == {"total": 1, "available": 0}
    assert borrow["properties"]["holds"] == {"total": 2}
    assert borrow["properties"]["indirectAcquisition"][0]["type"] == "application/vnd.readium.lcp.license.v1.0+json"
    assert borrow["properties"]["indirectAcquisition"][0]["child"] == [{"type": "application/audiobook+json"}]
    assert {"rel": "http://opds-spec.org/acquisition/sample", "href": "https://samples.example/brothers.mp3"} in entry[
        "links"
    ]


def test_series_and_subjects_in_the_metadata(testapp, catalogue):
    moomin = get(
        testapp,
        f"/opds/publications/{catalogue['moomin-10']}",
        "publication",
        content_type="application/opds-publication+json",
    )
    assert moomin["metadata"]["belongsTo"]["series"] == [{"name": "Muumit", "position": 10.0}]
    assert moomin["metadata"]["subject"] == [{"name": "lastenkirjallisuus"}]
    ebook = get(
        testapp,
        f"/opds/publications/{catalogue['brothers-ebook']}",
        "publication",
        content_type="application/opds-publication+json",
    )
    borrow = ebook["links"][2]["properties"]
    assert borrow["availability"] == {"state": "available"} and borrow["copies"] == {"total": 2, "available": 2}


def test_holds_count_the_queue(testapp, dbsession, catalogue):
    patron = add_patrons(dbsession, 1)[0]
    dbsession.add(
        Hold(
            id=str(uuid.uuid4()),
            patron_id=patron.id,
            publication_id=catalogue["brothers-audio"],
            status="waiting",
            placed_at=NOW - dt.timedelta(minutes=1),
            queue_number=3,
        )
    )
    dbsession.flush()
    entry = testapp.get(f"/opds/publications/{catalogue['brothers-audio']}").json
    assert entry["links"][2]["properties"]["holds"] == {"total": 3}


def test_magazines_are_always_available(testapp, catalogue):
    feed = get(testapp, "/opds/new?medium=magazine")
    borrow = feed["publications"][0]["links"][2]["properties"]
    assert borrow["availability"] == {"state": "available"} and "copies" not in borrow
    assert feed["publications"][0]["metadata"]["belongsTo"]["periodical"] == [{"name": "Tekniikan Maailma"}]


def test_popular_feed_validates(testapp, catalogue):
    feed = get(testapp, "/opds/popular")
    assert feed["publications"][0]["metadata"]["title"] == "Seitsemän veljestä", "the one lent this month"


def test_search_uses_the_search_index(testapp, dbsession, catalogue):
    lookup(testapp.app.registry, ISearchIndex).rebuild(dbsession)
    feed = get(testapp, "/opds/search?query=veljest%C3%A4")
    titles = {p["metadata"]["title"] for p in feed["publications"]}
    assert titles == {"Seitsemän veljestä"}
    nothing = get(testapp, "/opds/search?query=zzzxxyqq")
    assert nothing["metadata"]["numberOfItems"] == 0 and nothing["navigation"]


def test_the_authentication_document(testapp):
    document = get(testapp, "/opds/auth?lang=en", "authentication", content_type="application/opds-authentication+json")
    (flow,) = document["authentication"]
    assert flow["type"] == "http://opds-spec.org/auth/basic"
    assert flow["labels"] == {"login": "Library card number", "password": "PIN"}


def test_borrowing_asks_for_authentication(testapp, catalogue):
    response = testapp.post(f"/opds/publications/{catalogue['brothers-ebook']}/borrow", status=401)
    assert response.content_type == "application/opds-authentication+json"
    assert errors(response.json, "authentication") == []


@pytest.mark.parametrize(
    "path, status",
    [
        ("/opds/new?medium=vinyl", 400),
        ("/opds/new?language=%C3%A4%C3%A4", 400),
        ("/opds/new?language=xx-injected'", 400),
        ("/opds/search", 400),
        ("/opds/search?query=%20", 400),
        ("/opds/publications/99999999999999999999", 404),
        ("/opds/publications/0", 404),
        ("/opds/publications/0/borrow", 404),
    ],
)
def test_bad_parameters_get_a_problem_document(testapp, path, status):
    response = testapp.get(path + ("&" if "?" in path else "?") + "lang=en", status=status)
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == status and response.json["title"]


@pytest.mark.parametrize("path", ["/opds/new?page=abc", "/opds/new?page=-4", "/opds/search?query=kivi&page=%ff"])
def test_bad_page_numbers_are_the_first_page(testapp, path):
    assert testapp.get(path).status_code == 200


def test_undated_publications_come_last_across_pages(testapp, dbsession, catalogue, monkeypatch):
    from ebiblio_portal.models import Publication

    dbsession.get(Publication, catalogue["brothers-ebook"]).published = None
    dbsession.flush()
    monkeypatch.setattr("ebiblio_portal.opds.views.PER_PAGE", 4)
    seen = []
    for page in (1, 2):
        feed = get(testapp, f"/opds/new?medium=ebook&page={page}")
        seen += [p["links"][0]["href"].rsplit("/", 1)[1] for p in feed["publications"]]
    assert len(seen) == 7 and len(set(seen)) == 7
    assert seen[-1] == str(catalogue["brothers-ebook"])
    assert seen[0] == str(catalogue["fanrik"]), "the newest first (ties: the last synced first)"
