"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

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
