"""Every installed vendor, failing every way its sandbox can: the sync says why and the catalogue stays as it was."""

import importlib.metadata

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.models import Publication, SyncRun
from ebiblio_portal.plugins import ENTRY_POINT_GROUP

from ..conftest import new_engine


def vendor_plugins():
    found = []
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        module = entry_point.load()
        if hasattr(module, "register_content_providers") and hasattr(module, "register_sandboxes"):
            found.append(pytest.param(module, id=entry_point.name))
    return found


def build(module, sandboxes):
    settings = {setting.name: "sandbox" for setting in module.register_settings() if setting.name.endswith(".url")}
    (provider,) = module.register_content_providers(settings=settings, sandboxes=sandboxes)
    return provider


def snapshot(factory):
    with factory() as session:
        return session.execute(select(Publication.vendor_key, Publication.title).order_by(Publication.id)).all()


@pytest.fixture(scope="module")
def catalogue_engine(tmp_path_factory):
    """A database of this module's own: other modules' titles are referred to by their loans, picks and tips."""
    engine, cleanup = new_engine("sqlite", tmp_path_factory)
    yield engine
    cleanup()


@pytest.fixture
def factory(catalogue_engine):
    made = sessionmaker(bind=catalogue_engine, expire_on_commit=False)
    yield made
    with made() as session, session.begin():
        for table in (
            "sync_errors",
            "sync_runs",
            "publication_contributors",
            "publication_subjects",
            "licenses",
            "publications",
            "works",
            "vendors",
        ):
            session.execute(Publication.metadata.tables[table].delete())


@pytest.mark.parametrize("module", vendor_plugins())
# A slow vendor needs a real socket to time out on: the conformance suite covers it for every vendor.
@pytest.mark.parametrize("fault", ["error", "malformed", "truncate", "drop"])
def test_a_failing_vendor_leaves_the_catalogue_as_it_was(module, fault, factory, caplog):
    (sandbox,) = module.register_sandboxes(settings={})
    provider = build(module, {sandbox.name: sandbox.app})
    first = CatalogueSync(factory, provider).run(full=True)
    assert first.status in ("ok", "ok_with_errors") and first.written > 0
    before = snapshot(factory)
    sandbox.app.set(fault)
    try:
        report = CatalogueSync(factory, provider).run(full=True)
    finally:
        sandbox.app.clear()
    assert report.status == "failed"
    assert report.message and "Traceback" not in report.message
    assert f"sync of {provider.name} stopped" in caplog.text
    assert snapshot(factory) == before
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(SyncRun).where(SyncRun.status == "failed")) == 1
