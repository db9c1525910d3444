"""A small catalogue made through the real sync: two vendors, a series, magazines, loans and holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.models import Hold, Loan, Patron, Publication
from ebiblio_portal.values import (
    Audience,
    Contributor,
    ContributorRole,
    LicenseTerms,
    MagazineIssue,
    Medium,
    PublicationRecord,
)

from ..unit.test_sync import ScriptedVendor

NOW = dt.datetime.now(dt.UTC)
ISBN_BROTHERS = "9789510000001"


class OtherVendor(ScriptedVendor):
    name, title = "other", "Another vendor"


def book(key, title, author="Aleksis Kivi", **extra):
    extra.setdefault("licenses", (LicenseTerms(f"lic-{key}", concurrency=1, loan_length=dt.timedelta(days=14)),))
    return PublicationRecord(
        vendor_key=key,
        medium=extra.pop("medium", Medium.EBOOK),
        title=title,
        language=extra.pop("language", "fi"),
        contributors=extra.pop("contributors", (Contributor(author),)),
        published=extra.pop("published", dt.date(2020, 1, 1)),
        **extra,
    )


def first_vendor_records():
    moomins = [
        book(
            f"moomin-{number}",
            title,
            "Tove Jansson",
            series="Muumit",
            series_number=number,
            subjects=("lastenkirjallisuus",),
            audience=Audience.CHILDREN,
            published=dt.date(1945 + int(number), 1, 1),
        )
        for number, title in (
            ("1", "Muumit ja suuri tulva"),
            ("2", "Muumipeikko ja pyrstötähti"),
            ("10", "Muumilaakson marraskuu"),
        )
    ]
    issues = [
        PublicationRecord(
            vendor_key=f"tm-{month}",
            medium=Medium.MAGAZINE,
            title=f"Tekniikan Maailma {month}/2026",
            language="fi",
            simultaneous_use=True,
            published=dt.date(2026, month, 1),
            issue=MagazineIssue("tekniikan-maailma", "Tekniikan Maailma", dt.date(2026, month, 1)),
        )
        for month in (1, 2, 3)
    ]
    return [
        book(
            "brothers-ebook",
            "Seitsemän veljestä",
            isbn=ISBN_BROTHERS,
            description="Seitsemän veljeksen tarina.\nSuomen ensimmäinen romaani.",
            publisher="SKS",
            subjects=("romaanit", "klassikot"),
            licenses=(LicenseTerms("lic-b1", concurrency=2, loan_length=dt.timedelta(days=14)),),
        ),
        book("nummisuutarit", "Nummisuutarit", subjects=("näytelmät", "klassikot"), published=dt.date(2019, 1, 1)),
        book("no-license", "Lupaa vailla", "Ei Lisenssiä", licenses=()),
        book("withdrawn", "Poistettu kirja", withdrawn=True),
        book("fanrik", "Fänrik Ståls sägner", "Johan Ludvig Runeberg", language="sv", subjects=("dikter",)),
        *moomins,
        *issues,
    ]


def other_vendor_records():
    return [
        book(
            "brothers-audio",
            "Seitsemän veljestä",
            medium=Medium.AUDIOBOOK,
            isbn=ISBN_BROTHERS,
            contributors=(Contributor("Aleksis Kivi"), Contributor("Lukija Lahtinen", ContributorRole.NARRATOR)),
            duration_seconds=8 * 3600 + 25 * 60,
            sample_url="https://samples.example/brothers.mp3",
            licenses=(LicenseTerms("lic-a1", concurrency=1, loan_length=dt.timedelta(days=21)),),
            published=dt.date(2021, 5, 1),
        )
    ]


@dataclasses.dataclass
class Catalogue:
    ids: dict

    def __getitem__(self, key):
        return self.ids[key]


def sync_into(connection, vendor):
    # The sync commits its batches; bound to the test's connection, its commits are savepoints that the test rolls back.
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    report = CatalogueSync(factory, vendor).run(full=True)
    assert report.status == "ok", report


def add_patrons(session, count):
    patrons = [
        Patron(library_id=uuid.uuid4().hex[:20], identity_hash=uuid.uuid4().hex, given_name="T", family_name=f"L{n}")
        for n in range(count)
    ]
    session.add_all(patrons)
    session.flush()
    return patrons


@pytest.fixture
def catalogue(dbsession):
    """The small catalogue, synced; the audiobook is lent out and has two patrons queueing."""
    connection = dbsession.connection()
    sync_into(connection, ScriptedVendor([first_vendor_records()]))
    sync_into(connection, OtherVendor([other_vendor_records()]))
    ids = {key: pid for key, pid in dbsession.execute(select(Publication.vendor_key, Publication.id))}
    audio = dbsession.get(Publication, ids["brothers-audio"])
    patrons = add_patrons(dbsession, 4)
    dbsession.add(
        Loan(
            id=str(uuid.uuid4()),
            patron_id=patrons[0].id,
            publication_id=audio.id,
            license_id=audio.licenses[0].id,
            status="active",
            started_at=NOW - dt.timedelta(days=2),
            due_at=NOW + dt.timedelta(days=19),
        )
    )
    for position, patron in enumerate(patrons[1:3], start=1):
        dbsession.add(
            Hold(
                id=str(uuid.uuid4()),
                patron_id=patron.id,
                publication_id=audio.id,
                status="waiting",
                placed_at=NOW - dt.timedelta(hours=position),
                queue_number=position,
            )
        )
    dbsession.flush()
    return Catalogue(ids)
