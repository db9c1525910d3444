"""A small Finnish and Swedish catalogue, written through the sync's own writer and indexed."""

import datetime as dt

import pytest
from stdnum import ean

from ebiblio_portal.catalog.sync import BatchWriter
from ebiblio_portal.models import Vendor
from ebiblio_portal.search import index_for
from ebiblio_portal.values import Audience, Contributor, ContributorRole, LicenseTerms, MagazineIssue, Medium
from ebiblio_portal.values import PublicationRecord as Record

NOW = dt.datetime.now(dt.UTC)
FREE = (LicenseTerms("free", concurrency=2),)
EXPIRED = (LicenseTerms("old", concurrency=2, expires=NOW - dt.timedelta(days=1)),)
USED_UP = (LicenseTerms("used", concurrency=2, checkouts_left=0),)


def isbn(n):
    body = f"978951{n:06d}"
    return body + ean.calc_check_digit(body)


def book(key, title, author, language="fi", **fields):
    fields.setdefault("licenses", FREE)
    fields.setdefault("published", dt.date(2020, 1, 1))
    return Record(
        vendor_key=key,
        medium=fields.pop("medium", Medium.EBOOK),
        title=title,
        language=language,
        contributors=(Contributor(author),) + fields.pop("more_people", ()),
        **fields,
    )


DOMESTIC = [
    book(
        "kivi",
        "Seitsemän veljestä",
        "Aleksis Kivi",
        subjects=("Klassikot",),
        isbn=isbn(1),
        published=dt.date(1870, 1, 1),
        publisher="Kansalliskustannus",
    ),
    book(
        "kissat",
        "Kissojen kuningas",
        "Liisa Mäkinen",
        medium=Medium.AUDIOBOOK,
        audience=Audience.CHILDREN,
        more_people=(Contributor("Sanna Virtanen", ContributorRole.NARRATOR),),
        subjects=("Eläimet",),
        published=dt.date(2022, 5, 1),
        licenses=USED_UP,
    ),
    book(
        "talvisota",
        "Talvisota",
        "Matti Virtanen",
        series="Suomen historia",
        subjects=("Historia",),
        published=dt.date(2019, 3, 1),
        licenses=EXPIRED,
    ),
    book("sota-aihe", "Rintamalta kotiin", "Pekka Laine", subjects=("Talvisota",), published=dt.date(2018, 1, 1)),
    book("huset", "Huset vid sjön", "Astrid Berg", language="sv", subjects=("Romaner",), published=dt.date(2021, 1, 1)),
    book("aidin", "Äidin käsikirja", "Eeva Salo", subjects=("Aakkosjärjestys",)),
    book("aamu", "Aamu", "Eeva Salo", subjects=("Aakkosjärjestys",)),
    book("zeniitti", "Zeniitti", "Eeva Salo", subjects=("Aakkosjärjestys",)),
    book("abo", "Åbo stads historia", "Eeva Salo", language="sv", subjects=("Aakkosjärjestys",)),
    book("oljy", "Öljy", "Eeva Salo", subjects=("Aakkosjärjestys",)),
    book("veke", "Vekkuli", "Eeva Salo", subjects=("Aakkosjärjestys",)),
    book("gone", "Poistunut kirja", "Eeva Salo", withdrawn=True),
    Record(
        vendor_key="lehti-5",
        medium=Medium.MAGAZINE,
        title="Tekniikan lehti 5/2024",
        language="fi",
        simultaneous_use=True,
        published=dt.date(2024, 5, 1),
        issue=MagazineIssue("tekniikka", "Tekniikan lehti", dt.date(2024, 5, 1)),
    ),
]
FOREIGN = [
    book(
        "barnen",
        "Barnen på ön",
        "Karin Ek",
        language="sv",
        medium=Medium.AUDIOBOOK,
        audience=Audience.CHILDREN,
        published=dt.date(2023, 1, 1),
    ),
    # The same ISBN as a domestic offer: one work, two offers.
    book("kivi-again", "Seitsemän veljestä", "Aleksis Kivi", isbn=isbn(1), published=dt.date(1870, 1, 1)),
]


def write(session, vendor, records):
    ids, _ = BatchWriter(session, vendor).write(records)
    return ids


@pytest.fixture
def index(dbsession):
    return index_for(dbsession.bind.dialect.name)


@pytest.fixture
def catalogue(dbsession, index):
    """The catalogue above in the test's session, indexed as the sync would index it."""
    dbsession.add_all(
        [
            Vendor(name="home", title="Home vendor", origin="domestic"),
            Vendor(name="abroad", title="Abroad", origin="foreign"),
        ]
    )
    dbsession.flush()
    ids = write(dbsession, "home", DOMESTIC) + write(dbsession, "abroad", FOREIGN)
    index.update(dbsession, ids)
    dbsession.flush()
    return ids
