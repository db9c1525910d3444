"""The sync keeps the index current batch by batch: ``ebiblio sync`` re-indexes what changed, no rebuild."""

import types

import pytest
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.catalog.runner import sync_vendors
from ebiblio_portal.interfaces import ISearchIndex
from ebiblio_portal.search import index_for
from ebiblio_portal.search.postgres import PostgresSearchIndex
from ebiblio_portal.search.sqlite import SQLiteSearchIndex
from ebiblio_portal.services import lookup
from ebiblio_portal.values import SearchQuery

from ..conftest import base_settings, make_app, new_engine
from ..unit.test_sync import ScriptedVendor
from .conftest import book


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request, tmp_path_factory):
    engine, cleanup = new_engine(request.param, tmp_path_factory)
    app = make_app(base_settings(str(engine.url), **{"ebiblio.engine": engine}))
    yield types.SimpleNamespace(
        registry=app.registry, session_factory=sessionmaker(bind=engine, expire_on_commit=False), engine=engine
    )
    cleanup()


def total(env, text):
    with env.session_factory() as session:
        return index_for(env.engine.dialect.name).search(session, SearchQuery(text)).total


def test_the_backend_follows_the_database(env):
    expected = PostgresSearchIndex if env.engine.dialect.name == "postgresql" else SQLiteSearchIndex
    assert isinstance(lookup(env.registry, ISearchIndex), expected)


def test_sync_indexes_new_changed_and_removed_records(env):
    first = ScriptedVendor([[book("a", "Kesäyö", "Eeva Salo"), book("b", "Talviyö", "Eeva Salo")]])
    sync_vendors(env, [first], out=lambda *a: None)
    assert total(env, "kesäyö") == 1 and total(env, "salo") == 2

    changed = ScriptedVendor([[book("a", "Syysyö", "Eeva Salo"), book("b", "Talviyö", "Eeva Salo", withdrawn=True)]])
    sync_vendors(env, [changed], full=True, out=lambda *a: None)
    assert total(env, "kesäyö") == 0
    assert total(env, "syysyö") == 1
    assert total(env, "salo") == 1  # the withdrawn one left the index
