"""The curation package's implementations provide their interfaces; includeme wires the sections and lanes."""

from zope.interface.verify import verifyClass, verifyObject

from ebiblio_portal.catalog.interfaces import ILaneProvider
from ebiblio_portal.curation.interfaces import IMarkdownRenderer
from ebiblio_portal.curation.lanes import PICK_LANES, PickLane
from ebiblio_portal.curation.markdown import SafeMarkdown


def test_the_markdown_renderer_provides_its_interface():
    assert verifyClass(IMarkdownRenderer, SafeMarkdown)
    assert verifyObject(IMarkdownRenderer, SafeMarkdown())


def test_pick_lanes_are_lane_providers_at_positions_10_to_30():
    assert verifyObject(ILaneProvider, PickLane(0))
    assert [lane.position for lane in PICK_LANES] == list(range(10, 31))
    assert len({lane.name for lane in PICK_LANES}) == len(PICK_LANES)


def test_includeme_adds_the_sections_routes_and_lanes(app):
    registry = app.registry
    sections = registry["admin.sections"]
    for name in ("picks", "tips", "pages"):
        assert sections[f"curation_{name}"].scope == "municipality"
        assert sections[f"curation_{name}_national"].scope == "national"
    assert sections["curation_wishes"].scope == "municipality"
    assert {lane.name for lane in PICK_LANES} <= set(registry["front_page.lanes"])
    assert registry.settings["ebiblio.curation.wishes_per_day"] == 5


def test_the_demo_content_is_added_once_and_shown(testapp, dbsession, books):
    from ebiblio_portal.curation.demo import load_demo_content

    added = load_demo_content(dbsession, "837")
    assert added == ["a national pick list", "a book tip", "a help page (/sivu/ohje)"]
    assert load_demo_content(dbsession, "837") == []
    dbsession.flush()
    assert "Kirjaston suosittelemat" in testapp.get("/?lang=fi").text
    assert "Bibliotekets rekommendationer" in testapp.get("/kommun/tammerfors?lang=sv").text
    assert "<strong>14 dagar</strong>" in testapp.get("/sida/ohje?lang=sv").text
    assert "Klassikko, joka kestää" in testapp.get(f"/teos/{books[0].id}?lang=fi").text
