"""Popularity is the loans and holds of the last N days, recomputed from the anonymous circulation events."""

import datetime as dt
import textwrap

from sqlalchemy import select
from sqlalchemy.orm import Session

from ebiblio_portal.cli import main
from ebiblio_portal.db import make_engine
from ebiblio_portal.models import CirculationEvent, Publication, SearchDocument, Vendor
from ebiblio_portal.search import index_for, popularity
from ebiblio_portal.values import SearchQuery, SearchSort

from .conftest import DOMESTIC, write
from .test_reindex_command import INI

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


def event(publication_id, kind, days_ago):
    return CirculationEvent(
        kind=kind,
        at=NOW - dt.timedelta(days=days_ago),
        publication_id=publication_id,
        vendor_name="home",
        medium="ebook",
        language="fi",
    )


def publication_id(session, title):
    return session.scalar(select(Publication.id).where(Publication.title == title).order_by(Publication.id))


def popularity_of(session, title):
    session.expire_all()
    return session.scalar(select(Publication.popularity).where(Publication.id == publication_id(session, title)))


def test_only_loans_and_holds_inside_the_window_count(dbsession, catalogue):
    kissa, aamu = publication_id(dbsession, "Kissojen kuningas"), publication_id(dbsession, "Aamu")
    dbsession.add_all(
        [
            event(kissa, "loan", 1),
            event(kissa, "hold", 30),
            event(kissa, "return", 2),  # not interest: the loan already counted
            event(kissa, "loan", 400),  # outside the window
            event(aamu, "loan", 364),
        ]
    )
    dbsession.flush()
    changed = popularity.recompute(dbsession, 365, now=NOW)
    assert set(changed) == {kissa, aamu}
    assert popularity_of(dbsession, "Kissojen kuningas") == 2
    assert popularity_of(dbsession, "Aamu") == 1
    assert popularity.recompute(dbsession, 365, now=NOW) == []  # nothing changed since


def test_popularity_falls_when_loans_leave_the_window(dbsession, catalogue):
    kissa = publication_id(dbsession, "Kissojen kuningas")
    dbsession.execute(Publication.__table__.update().where(Publication.id == kissa).values(popularity=50))
    dbsession.add(event(kissa, "loan", 10))
    dbsession.flush()
    assert popularity.recompute(dbsession, 365, now=NOW) == [kissa]
    assert popularity_of(dbsession, "Kissojen kuningas") == 1
    assert popularity.recompute(dbsession, 7, now=NOW) == [kissa]  # a shorter window
    assert popularity_of(dbsession, "Kissojen kuningas") == 0


def test_the_index_follows_the_recomputed_popularity(dbsession, index, catalogue):
    aamu, oljy = publication_id(dbsession, "Aamu"), publication_id(dbsession, "Öljy")
    dbsession.add_all([event(oljy, "loan", 1), event(oljy, "loan", 2), event(aamu, "hold", 3)])
    dbsession.flush()
    index.update(dbsession, popularity.recompute(dbsession, 365, now=NOW))
    result = index.search(dbsession, SearchQuery("aakkosjärjestys", sort=SearchSort.POPULAR))
    ids = list(result.publication_ids)
    assert ids[:2] == [oljy, aamu]
    assert dbsession.scalar(select(SearchDocument.popularity).where(SearchDocument.publication_id == oljy)) == 2


def test_reindex_popularity_recomputes_over_the_configured_window(tmp_path, capsys):
    ini = tmp_path / "test.ini"
    ini.write_text(textwrap.dedent(INI.format(path=tmp_path / "cli.sqlite")) + "ebiblio.search.popularity_days = 30\n")
    assert main(["-c", str(ini), "migrate"]) == 0
    engine = make_engine(f"sqlite:///{tmp_path}/cli.sqlite")
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session, session.begin():
        session.add(Vendor(name="home", title="Home", origin="domestic"))
        session.flush()
        write(session, "home", DOMESTIC)
        kissa = publication_id(session, "Kissojen kuningas")
        session.add_all(
            [
                CirculationEvent(
                    kind=kind,
                    at=now - dt.timedelta(days=days),
                    publication_id=kissa,
                    **{"vendor_name": "home", "medium": "audiobook", "language": "fi"},
                )
                for kind, days in (("loan", 1), ("hold", 29), ("loan", 31))
            ]
        )
    assert main(["-c", str(ini), "reindex"]) == 0
    assert main(["-c", str(ini), "reindex", "--popularity"]) == 0
    assert "Popularity changed for 0 publications" in capsys.readouterr().out  # the rebuild recomputed it
    with Session(engine) as session:
        assert popularity_of(session, "Kissojen kuningas") == 2
        document = session.scalar(select(SearchDocument).where(SearchDocument.publication_id == kissa))
        assert document.popularity == 2
        assert index_for("sqlite").search(session, SearchQuery("kissa")).total == 1
    engine.dispose()
