"""Running the Alembic migrations that ship inside the package."""

from __future__ import annotations

import contextlib

from alembic import command
from alembic.config import Config


def alembic_config(url=None, engine=None):
    config = Config()
    config.set_main_option("script_location", "ebiblio_portal:migrations")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["engine"] = engine
    return config


@contextlib.contextmanager
def _migrating(engine):
    """A connection in one transaction for the migrations.

    On SQLite, batch mode rebuilds a table by copying and dropping it; with foreign keys on, dropping a
    table that other rows refer to fails (or cascades their deletion), so they are off while it runs and
    checked once at the end.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration left rows whose references are broken: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(engine, revision="heads"):
    """Bring the database of ``engine`` up to ``revision``."""
    with _migrating(engine) as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine, revision="base"):
    with _migrating(engine) as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
