"""A portal with every vendor's sandbox, its catalogue synced, on a database whose transactions really commit.

Circulation commits between its steps (reserve, vendor call, record), so these tests cannot use the shared
rolled-back session: each test gets its own committed data on a per-kind engine and empties it afterwards.
"""

from __future__ import annotations

import datetime as dt

import pytest
import transaction
import webtest
from sqlalchemy import delete, select

from ebiblio_portal.accounts.identity import new_library_id
from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.circulation.services import Circulation
from ebiblio_portal.db import get_tm_session
from ebiblio_portal.interfaces import IContentProvider, INotifier, ISearchIndex
from ebiblio_portal.models import Base, License, Municipality, Patron, Publication
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.search import index_updater
from ebiblio_portal.security.passwords import hash_secret
from ebiblio_portal.services import lookup

from ..conftest import base_settings, core_plugins, make_app, new_engine

odl_plugin = pytest.importorskip("ebiblio_vendor_odl.plugin")
onix_plugin = pytest.importorskip("ebiblio_vendor_onix.plugin")
magazines_plugin = pytest.importorskip("ebiblio_vendor_magazines.plugin")

PIN = "8642"
JOINED, NOT_JOINED = "091", "638"
OPENING = dt.date(2024, 4, 23)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def circulation_engine(request, tmp_path_factory):
    engine, cleanup = new_engine(request.param, tmp_path_factory)
    yield engine
    cleanup()


def empty(engine):
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
        if engine.dialect.name == "sqlite":
            # The full-text table lives outside the models (a virtual table); ids restart, so it must go too.
            virtual = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
            ).scalars()
            for name in list(virtual):
                connection.exec_driver_sql(f'DELETE FROM "{name}"')


def portal_settings(engine, **extra):
    return base_settings(
        str(engine.url),
        **{
            "ebiblio.engine": engine,
            "ebiblio.vendor.odl.url": "sandbox",
            "ebiblio.vendor.odl.sandbox_size": "12",
            "ebiblio.vendor.onix.url": "sandbox",
            "ebiblio.vendor.onix.token": "onix-sandbox-token",
            "ebiblio.vendor.onix.sandbox_size": "12",
            "ebiblio.vendor.magazines.url": "sandbox",
            "ebiblio.vendor.magazines.api_key": "magazines-sandbox-key",
            **extra,
        },
    )


class World:
    """The app, its registry, sandboxes and helpers to make patrons and services."""

    def __init__(self, engine, app):
        self.engine, self.app, self.registry = engine, app, app.registry
        self.factory = self.registry["db.session_factory"]
        self.sandboxes = self.registry["vendors.sandboxes"]
        self.managers = []

    def sandbox(self, name):
        return self.sandboxes[name].app  # the FaultInjector around the vendor

    def session(self):
        manager = transaction.TransactionManager(explicit=True)
        manager.begin()
        self.managers.append(manager)
        return get_tm_session(self.factory, manager), manager

    def close(self):
        """End what the services left open (a request or a command would), so no connection idles in a transaction."""
        for manager in self.managers:
            manager.abort()

    def service(self, clock=None, steps=None):
        session, manager = self.session()
        kwargs = {"clock": clock} if clock else {}
        return Circulation(
            session=session,
            manager=manager,
            registry=self.registry,
            settings=self.registry.settings,
            steps=steps,
            **kwargs,
        )

    def patron(self, municipality=JOINED, email="patron@example.invalid", language="en"):
        with self.factory.begin() as session:
            patron = Patron(
                library_id=new_library_id(),
                identity_hash=new_library_id() + new_library_id(),
                given_name="Test",
                family_name="Patron",
                municipality_code=municipality,
                pin_hash=hash_secret(PIN),
                language=language,
                email=email,
                status="active",
            )
            session.add(patron)
        with self.factory() as session:
            return session.get(Patron, patron.id, options=[])

    def publication(self, vendor, **where):
        with self.factory() as session:
            query = select(Publication).where(Publication.vendor_name == vendor, Publication.withdrawn.is_(False))
            for key, value in where.items():
                query = query.where(getattr(Publication, key) == value)
            found = session.scalars(query.order_by(Publication.id)).first()
            found.licenses  # noqa: B018 - loaded before the session closes
            return found

    def licenses(self, publication_id):
        with self.factory() as session:
            return list(session.scalars(select(License).where(License.publication_id == publication_id)))

    def scalar(self, statement):
        with self.factory() as session:
            return session.scalar(statement)

    def all(self, statement):
        with self.factory() as session:
            return list(session.scalars(statement))

    def notifier(self):
        return lookup(self.registry, INotifier)

    def webtest(self):
        return webtest.TestApp(self.app, extra_environ={"HTTP_HOST": "localhost"})


def open_world(engine, **settings):
    """An empty database, the portal on it with ``settings`` added, the municipalities and every catalogue synced."""
    empty(engine)
    app = make_app(portal_settings(engine, **settings), core_plugins(odl_plugin, onix_plugin, magazines_plugin))
    found = World(engine, app)
    with found.factory.begin() as session:
        load_municipalities(session)
        session.get(Municipality, JOINED).access_start = OPENING
    updater = index_updater(lookup(app.registry, ISearchIndex))
    for name in ("odl", "onix", "magazines"):
        CatalogueSync(found.factory, lookup(app.registry, IContentProvider, name=name), on_change=updater).run(
            full=True
        )
    return found


@pytest.fixture
def world(circulation_engine):
    found = open_world(circulation_engine)
    yield found
    found.close()
    empty(circulation_engine)
