"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from ebiblio_portal.db import make_engine
from ebiblio_portal.db.migrate import downgrade, upgrade
from ebiblio_portal.models import Base
from ebiblio_portal.search.schema import include_name, include_object


def test_upgrade_from_empty_creates_every_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_autogenerate_finds_no_drift(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name, "include_object": include_object}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_nothing_and_back(tmp_path_factory):
    from ..conftest import new_engine

    engine, cleanup = new_engine("sqlite", tmp_path_factory)
    try:
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        cleanup()


def test_the_indexes_the_queries_use_exist(engine):
    indexes = {index["name"] for index in inspect(engine).get_indexes("publications")}
    assert {"ix_publications_medium_published", "ix_publications_work_id", "ix_publications_isbn"} <= indexes
    loan_indexes = {index["name"] for index in inspect(engine).get_indexes("loans")}
    assert {"ix_loans_patron_status", "ix_loans_license_status", "ix_loans_status_due"} <= loan_indexes


def test_sqlite_upgrades_keep_rows_that_refer_to_rebuilt_tables(tmp_path):
    """Batch mode rebuilds ``patrons``; a login that refers to a patron must survive it (not fail, not cascade)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO patrons (id, library_id, identity_hash, given_name, family_name, language, keep_history,"
            " status, created_at) VALUES (1, '1234567897', 'h', 'Aino', 'Virtanen', 'fi', 0, 'active',"
            " '2026-01-01 00:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO login_sessions (id, patron_id, method, created_at, last_seen_at)"
            " VALUES ('x', 1, 'pin', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM login_sessions").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
