"""The database: engine, sessions joined to the request's transaction, migrations."""

from __future__ import annotations

import os

import zope.sqlalchemy
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker


class DatabaseUnavailable(Exception):
    """The database cannot be reached; the message says which and why, without a password."""


def make_engine(url, **kwargs):
    """Return an engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        path = url.removeprefix("sqlite:///")
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection, _record):
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # A 64 MB page cache keeps the catalogue's indexes in memory during large syncs (the default is 2 MB).
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def safe_url(engine_or_url):
    url = getattr(engine_or_url, "url", engine_or_url)
    return url.render_as_string(hide_password=True) if hasattr(url, "render_as_string") else str(url)


def ping(engine):
    """Raise ``DatabaseUnavailable`` unless the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0] if str(error) else type(error).__name__
        raise DatabaseUnavailable(f"the database {safe_url(engine)} cannot be reached: {reason}") from None


def make_session_factory(engine):
    return sessionmaker(bind=engine, expire_on_commit=False)


def get_tm_session(session_factory, transaction_manager, request=None):
    """A session joined to ``transaction_manager``: committed or aborted with the request."""
    session = session_factory(info={"request": request})
    zope.sqlalchemy.register(session, transaction_manager=transaction_manager)
    return session


def includeme(config):
    settings = config.get_settings()
    settings["tm.manager_hook"] = "pyramid_tm.explicit_manager"
    config.include("pyramid_tm")
    config.include("pyramid_retry")
    engine = settings.get("ebiblio.engine") or make_engine(settings["sqlalchemy.url"])
    factory = make_session_factory(engine)
    config.registry["db.engine"] = engine
    config.registry["db.session_factory"] = factory

    def dbsession(request):
        # Tests hand in their own session through the environ.
        session = request.environ.get("app.dbsession")
        if session is None:
            session = get_tm_session(factory, request.tm, request=request)
        return session

    config.add_request_method(dbsession, reify=True)
