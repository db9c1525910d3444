"""What ``ebiblio demo`` shows of curation: a national pick list, a book tip and a help page."""

from __future__ import annotations

from sqlalchemy import select

from ..models import BookTip, ContentPage, ContentRevision, CuratedItem, CuratedList, Publication, utcnow
from .queries import PUBLISHED

HELP_FI = """Lainaa e-kirjoja, e-äänikirjoja ja e-lehtiä kirjastokortin numerolla ja PIN-koodilla.

## Laina-ajat

E-kirjat ja äänikirjat ovat lainassa **14 päivää**. Lainan voi palauttaa aiemminkin [omilla lainoilla](/lainat).
"""
HELP_SV = """Låna e-böcker, e-ljudböcker och e-tidningar med ditt bibliotekskortnummer och din PIN-kod.

## Lånetider

E-böcker och ljudböcker lånas i **14 dagar**. Du kan lämna tillbaka ett lån tidigare på [dina lån](/lainat).
"""


def load_demo_content(session, municipality_code, staff_id=None):
    """Add the demo's curated content once; returns what was added, for the command's output."""
    added = []
    books = list(
        session.scalars(
            select(Publication)
            .where(Publication.withdrawn.is_(False), Publication.medium != "magazine")
            .order_by(Publication.id)
            .limit(6)
        )
    )
    if books and session.scalar(select(CuratedList.id).limit(1)) is None:
        pick_list = CuratedList(
            municipality_code=None,
            title_fi="Kirjaston suosittelemat",
            title_sv="Bibliotekets rekommendationer",
            text_fi="Kirjastonhoitajien valitsemia teoksia kaikille.",
            text_sv="Titlar som bibliotekarierna valt för alla.",
            status=PUBLISHED,
            position=1,
            created_by=staff_id,
        )
        pick_list.items = [CuratedItem(position=n, publication_id=book.id) for n, book in enumerate(books, 1)]
        session.add(pick_list)
        added.append("a national pick list")
    if books and session.scalar(select(BookTip.id).limit(1)) is None:
        session.add(
            BookTip(
                publication_id=books[0].id,
                municipality_code=municipality_code,
                author_name="Librarian",
                text_fi="Klassikko, joka kestää uudelleenlukemisen.",
                text_sv="En klassiker som tål att läsas om.",
                status=PUBLISHED,
                published_at=utcnow(),
                created_by=staff_id,
            )
        )
        added.append("a book tip")
    if session.scalar(select(ContentPage.id).limit(1)) is None:
        page = ContentPage(municipality_code=None, slug="ohje", kind="help", status=PUBLISHED)
        page.revisions = [
            ContentRevision(language="fi", title="Ohjeet", body_markdown=HELP_FI, status=PUBLISHED),
            ContentRevision(language="sv", title="Hjälp", body_markdown=HELP_SV, status=PUBLISHED),
        ]
        session.add(page)
        added.append("a help page (/sivu/ohje)")
    return added
