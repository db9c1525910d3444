"""The database: engine, sessions joined to the request's transaction, migrations."""

from __future__ import annotations

import os
import time

import zope.sqlalchemy
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker


class DatabaseUnavailable(Exception):
    """The database cannot be reached; the message says which and why, without a password."""


# A pooled connection that sat unused this long is pinged before it is handed out (see ``ping_when_idle``).
PING_AFTER_IDLE_SECONDS = 30


def make_engine(url, ping_after_idle=PING_AFTER_IDLE_SECONDS, **kwargs):
    """Return an engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout.

    A server database's pooled connections are pinged when they come out of the pool after ``ping_after_idle``
    seconds unused (None: never), instead of at every checkout.
    """
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        path = url.removeprefix("sqlite:///")
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif ping_after_idle is not None and not kwargs.get("pool_pre_ping"):
        ping_when_idle(engine, ping_after_idle)
    return engine


def ping_when_idle(engine, seconds):
    """Ping a pooled connection on checkout only when it was last returned ``seconds`` ago or more.

    A connection the database dropped (a restart, an idle timeout) is found before a request uses it, as with
    SQLAlchemy's ``pool_pre_ping``; but a busy pool, whose connections come back within moments, is spared a
    round trip per checkout, which a borrow makes two or three of.
    """

    @event.listens_for(engine, "checkin")
    def returned(dbapi_connection, record):
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def handed_out(dbapi_connection, record, proxy):
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < seconds:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and hands out another (or a new one).
            raise DisconnectionError(f"a pooled connection did not answer: {type(error).__name__}") from error
        if not alive:
            raise DisconnectionError("a pooled connection did not answer")


def pool_options(settings):
    """The connection pool of a server database, sized by the settings (SQLite keeps SQLAlchemy's own)."""
    if str(settings.get("sqlalchemy.url", "")).startswith("sqlite"):
        return {}

    def number(name, default):
        value = settings.get(name)
        return default if value is None or value == "" else int(value)

    return {
        "pool_size": number("ebiblio.db.pool_size", 10),
        "max_overflow": number("ebiblio.db.max_overflow", 10),
        "ping_after_idle": number("ebiblio.db.ping_after_idle_seconds", PING_AFTER_IDLE_SECONDS),
    }


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
    engine = settings.get("ebiblio.engine") or make_engine(settings["sqlalchemy.url"], **pool_options(settings))
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
