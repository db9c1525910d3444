"""The connection pool of a server database: sized by the settings, and a dropped connection found after idling."""

import pytest
from sqlalchemy import text

from ebiblio_portal.db import make_engine, pool_options
from ebiblio_portal.testing.fixtures import POSTGRES_URL


def test_pool_options_come_from_the_settings():
    settings = {"sqlalchemy.url": "postgresql+psycopg://db/x", "ebiblio.db.pool_size": 12}
    assert pool_options(settings) == {"pool_size": 12, "max_overflow": 10, "ping_after_idle": 30}
    assert pool_options({"sqlalchemy.url": "sqlite:///x.sqlite", "ebiblio.db.pool_size": 12}) == {}


@pytest.fixture
def postgres():
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need EBIBLIO_TEST_DATABASE_URL (CI sets it)")
    admin = make_engine(POSTGRES_URL)
    yield admin
    admin.dispose()


def backend_of(engine):
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


def terminate(admin, pid):
    with admin.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


def test_a_connection_dropped_while_idle_is_replaced_before_use(postgres):
    engine = make_engine(POSTGRES_URL, ping_after_idle=0, pool_size=1, max_overflow=0)
    try:
        first = backend_of(engine)
        terminate(postgres, first)
        # The pool still holds the dead connection; the ping on checkout finds it and a new one is used.
        second = backend_of(engine)
        assert second != first
    finally:
        engine.dispose()


def test_a_busy_pool_is_not_pinged(postgres):
    engine = make_engine(POSTGRES_URL, ping_after_idle=3600, pool_size=1, max_overflow=0)
    pings = []
    original = engine.dialect.do_ping
    engine.dialect.do_ping = lambda connection: pings.append(1) or original(connection)
    try:
        assert backend_of(engine) == backend_of(engine)  # the same pooled connection, used twice
        assert pings == []
    finally:
        engine.dispose()
