"""Pytest fixtures for the portal and its plugins: settings → engine → session → app → WebTest.

Database fixtures run on SQLite always and on PostgreSQL when
``EBIBLIO_TEST_DATABASE_URL`` is set (each run in a schema of its own).
Load them with ``pytest_plugins = ["ebiblio_portal.testing.fixtures"]``.
"""

from __future__ import annotations

import importlib.metadata
import os
import uuid

import pytest
import transaction
import webtest
from sqlalchemy.orm import Session

from ..config import configure
from ..db import make_engine
from ..db.migrate import upgrade
from ..plugins import ENTRY_POINT_GROUP, make_plugin_manager

POSTGRES_URL = os.environ.get("EBIBLIO_TEST_DATABASE_URL")


def base_settings(url="sqlite://", **overrides):
    settings = {
        "sqlalchemy.url": url,
        "ebiblio.secret": "test-secret-" + "x" * 32,
        "ebiblio.identity_key": "test-identity-key-" + "y" * 32,
        "ebiblio.secure_cookies": "false",
        "ebiblio.sandbox": "true",
        "__file__": "testing.ini",
    }
    settings.update(overrides)
    return settings


def locale_plugins():
    """The installed plugins that contribute message catalogues (and nothing else)."""
    found = []
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            module = entry_point.load()
        except Exception:  # noqa: BLE001, S112 - a broken plugin is another test's business
            continue
        hooks = {name for name in dir(module) if name.startswith("register_")}
        if hooks == {"register_locale_catalogs"}:
            found.append(module)
    return found


def core_plugins(*extra):
    """The core's defaults and the locale catalogues, without the other installed plugins."""
    return make_plugin_manager(entry_points=False, extra=locale_plugins() + list(extra))


def _postgres_engine():
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    return engine, lambda: _drop_schema(admin, schema, engine)


def _drop_schema(admin, schema, engine):
    engine.dispose()
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


def new_engine(kind, tmp_path_factory):
    """A migrated engine of ``kind`` ("sqlite" or "postgresql") and a function that disposes of it."""
    if kind == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL tests need EBIBLIO_TEST_DATABASE_URL (CI sets it)")
        engine, cleanup = _postgres_engine()
    else:
        path = tmp_path_factory.mktemp("db") / "ebiblio.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        cleanup = engine.dispose
    upgrade(engine)
    return engine, cleanup


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request, tmp_path_factory):
    engine, cleanup = new_engine(request.param, tmp_path_factory)
    yield engine
    cleanup()


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory):
    engine, cleanup = new_engine("sqlite", tmp_path_factory)
    yield engine
    cleanup()


@pytest.fixture
def dbsession(engine):
    """A session in a transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield session
    session.close()
    outer.rollback()
    connection.close()


@pytest.fixture
def app_settings(engine):
    return base_settings(str(engine.url), **{"ebiblio.engine": engine})


def make_app(settings, plugin_manager=None):
    config = configure(settings, plugin_manager=plugin_manager or core_plugins())
    return config.make_wsgi_app()


@pytest.fixture
def app(app_settings):
    return make_app(app_settings)


@pytest.fixture
def testapp(app, dbsession):
    """WebTest against the app, every request in the test's rolled-back session."""
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    manager.doom()
    yield webtest.TestApp(
        app,
        extra_environ={"HTTP_HOST": "localhost", "tm.active": True, "tm.manager": manager, "app.dbsession": dbsession},
    )
    manager.abort()
