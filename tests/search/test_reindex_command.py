"""``ebiblio reindex`` builds the index of a catalogue written without it (e.g. before migration 0003)."""

import textwrap

from sqlalchemy import select
from sqlalchemy.orm import Session

from ebiblio_portal.cli import main
from ebiblio_portal.db import make_engine
from ebiblio_portal.models import SearchDocument, Vendor
from ebiblio_portal.search import index_for
from ebiblio_portal.values import SearchQuery

from .conftest import DOMESTIC, write

INI = """
[app:main]
use = egg:ebiblio-portal
sqlalchemy.url = sqlite:///{path}
ebiblio.secret = cli-test-secret-0123456789abcdef0123
ebiblio.identity_key = cli-test-identity-key-0123456789abcdef
ebiblio.sandbox = false
ebiblio.plugins = locales
"""


def test_reindex_builds_the_index(tmp_path, capsys):
    ini = tmp_path / "test.ini"
    ini.write_text(textwrap.dedent(INI.format(path=tmp_path / "cli.sqlite")))
    assert main(["-c", str(ini), "migrate"]) == 0
    engine = make_engine(f"sqlite:///{tmp_path}/cli.sqlite")
    with Session(engine) as session, session.begin():
        session.add(Vendor(name="home", title="Home", origin="domestic"))
        session.flush()
        write(session, "home", DOMESTIC)
    with Session(engine) as session:
        assert index_for("sqlite").search(session, SearchQuery("kissa")).total == 0
    assert main(["-c", str(ini), "reindex"]) == 0
    assert "Indexed 12 works" in capsys.readouterr().out  # 13 offers, one of them withdrawn
    with Session(engine) as session:
        assert index_for("sqlite").search(session, SearchQuery("kissa")).total == 1
        assert len(session.scalars(select(SearchDocument)).all()) == 12
    engine.dispose()
