"""The demo with every installed plugin: all vendors' titles in one catalogue, served by the portal."""

import pathlib

import pytest
import webtest
from pyramid.paster import get_app
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from ebiblio_portal.cli import main
from ebiblio_portal.models import CirculationEvent, MonthlyCount, Publication, Vendor
from ebiblio_portal.models.stats import ALL
from ebiblio_portal.services import lookup
from ebiblio_portal.vendors.services import VendorDirectory


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """development.ini's settings on a fresh SQLite file, with the demo loaded."""
    directory = tmp_path_factory.mktemp("demo")
    source = (pathlib.Path(__file__).parents[2] / "development.ini").read_text(encoding="utf-8")
    ini = directory / "demo.ini"
    ini.write_text(source.replace("sqlite:///%(here)s/var/ebiblio.sqlite", f"sqlite:///{directory}/demo.sqlite"))
    assert main(["-c", str(ini), "migrate"]) == 0
    assert main(["-c", str(ini), "demo"]) == 0
    return str(ini), f"sqlite:///{directory}/demo.sqlite"


def test_every_configured_vendor_is_in_the_one_catalogue(demo):
    ini, url = demo
    app = get_app(ini)
    vendors = lookup(app.registry, VendorDirectory).names()
    assert len(vendors) >= 1, "make installs the vendor plugins"
    with Session(create_engine(url)) as session:
        rows = session.execute(select(Publication.vendor_name, func.count()).group_by(Publication.vendor_name))
        counts = {name: count for name, count in rows}
        assert set(session.scalars(select(Vendor.name))) == set(vendors)
    assert {name: counts.get(name, 0) > 0 for name in vendors} == {name: True for name in vendors}


def test_the_same_work_from_two_vendors_is_one_work(demo):
    ini, url = demo
    if len(lookup(get_app(ini).registry, VendorDirectory).names()) < 2:
        pytest.skip("one vendor cannot offer a work twice")
    with Session(create_engine(url)) as session:
        shared = session.execute(
            select(Publication.work_id)
            .group_by(Publication.work_id)
            .having(func.count(func.distinct(Publication.vendor_name)) > 1)
        ).all()
    # The domestic and the foreign sandbox sell some of the same classics (same ISBN).
    assert len(shared) >= 1


def test_the_front_page_shows_the_collection(demo):
    ini, _url = demo
    client = webtest.TestApp(get_app(ini))
    page = client.get("/")
    assert page.status_code == 200
    assert page.text.count('class="card"') >= 10


def test_running_the_demo_again_is_quick_and_changes_nothing(demo, capsys):
    ini, url = demo
    with Session(create_engine(url)) as session:
        before = session.scalar(select(func.count()).select_from(Publication))
        events = session.scalar(select(func.count()).select_from(CirculationEvent))
    capsys.readouterr()
    assert main(["-c", ini, "demo"]) == 0
    out = capsys.readouterr().out
    assert " 0 written" in out and "incremental" in out
    assert "made-up loans" not in out
    with Session(create_engine(url)) as session:
        assert session.scalar(select(func.count()).select_from(Publication)) == before
        assert session.scalar(select(func.count()).select_from(CirculationEvent)) == events


def test_the_demo_has_a_year_of_statistics(demo):
    _ini, url = demo
    with Session(create_engine(url)) as session:
        months = session.scalars(
            select(MonthlyCount.month)
            .where(MonthlyCount.kind == "loan", MonthlyCount.municipality_code == ALL, MonthlyCount.medium == ALL)
            .distinct()
        ).all()
        loans = session.scalar(
            select(func.sum(MonthlyCount.count)).where(
                MonthlyCount.kind == "loan",
                MonthlyCount.municipality_code == ALL,
                MonthlyCount.vendor_name == ALL,
                MonthlyCount.medium == ALL,
                MonthlyCount.language == ALL,
            )
        )
        events = session.scalar(
            select(func.count()).select_from(CirculationEvent).where(CirculationEvent.kind == "loan")
        )
    # Twelve 30-day months back from today touch twelve or thirteen calendar months.
    assert 12 <= len(months) <= 13
    assert loans == events > 0


def test_sandboxes_are_served_under_their_mount(demo):
    ini, _url = demo
    app = get_app(ini)
    client = webtest.TestApp(app)
    for name in sorted(app.registry["vendors.sandboxes"]):
        response = client.get(f"/sandbox/{name}/", expect_errors=True)
        assert response.status_code < 500, name
