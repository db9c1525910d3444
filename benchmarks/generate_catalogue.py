"""Generate a realistic catalogue of N publications straight into a migrated database, then index it.

    .venv/bin/python benchmarks/generate_catalogue.py --url URL --count N [--seed 1] [--no-index]
    .venv/bin/python benchmarks/generate_catalogue.py --url URL --index-only

URL is an SQLAlchemy URL (``sqlite:///var/bench.sqlite`` or
``postgresql+psycopg://postgres@127.0.0.1:5432/bench``). The database is migrated first; the
rows go into the same tables the catalogue sync fills (vendors, works, publications,
publication_contributors, publication_subjects, licenses) with executemany in chunks, and the
search index is then built with ``ISearchIndex.rebuild``. Run it on an empty database: ids are
assigned here, after the largest ones already present.

The catalogue looks like a Nordic e-library's: Finnish (70 %), Swedish (12 %) and English titles
made of inflected words (Zipf-distributed, so some words are common and most are rare), authors
and narrators with Finnish and Swedish names, series, subject headings, e-books, audiobooks and
magazine issues from two domestic and two foreign vendors; about 4 % of works are offered by two
vendors (same ISBN). ``--seed`` makes it repeatable. Other benchmarks import ``generate``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import random
import sys
import time

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session
from stdnum import ean

from ebiblio_portal.db import make_engine
from ebiblio_portal.db.migrate import upgrade
from ebiblio_portal.models import License, Publication, PublicationContributor, PublicationSubject, Vendor, Work
from ebiblio_portal.search import index_for
from ebiblio_portal.search.collation import sort_key

CHUNK = 10_000
VENDORS = [
    ("bench-domestic-1", "Domestic vendor 1", "domestic"),
    ("bench-domestic-2", "Domestic vendor 2", "domestic"),
    ("bench-foreign-1", "Foreign vendor 1", "foreign"),
    ("bench-foreign-2", "Foreign vendor 2", "foreign"),
]
# Finnish nouns with some of their inflected forms, so titles are inflected like real ones.
FI_NOUNS = [
    ("talo", "talon", "talossa", "taloa", "talot"),
    ("yö", "yön", "yössä", "yötä", "yöt"),
    ("kesä", "kesän", "kesällä", "kesää", "kesät"),
    ("meri", "meren", "merellä", "merta", "meret"),
    ("katu", "kadun", "kadulla", "katua", "kadut"),
    ("kissa", "kissan", "kissojen", "kissaa", "kissat"),
    ("sota", "sodan", "sodassa", "sotaa", "sodat"),
    ("susi", "suden", "sudet", "sutta", "susien"),
    ("veli", "veljen", "veljet", "veljeä", "veljesten"),
    ("äiti", "äidin", "äidit", "äitiä", "äitien"),
    ("metsä", "metsän", "metsässä", "metsää", "metsät"),
    ("järvi", "järven", "järvellä", "järveä", "järvet"),
    ("kuningas", "kuninkaan", "kuninkaat", "kuningasta", "kuninkaiden"),
    ("lintu", "linnun", "linnut", "lintua", "lintujen"),
    ("tähti", "tähden", "tähdet", "tähteä", "tähtien"),
    ("kivi", "kiven", "kivet", "kiveä", "kivien"),
    ("hevonen", "hevosen", "hevoset", "hevosta", "hevosten"),
    ("ihminen", "ihmisen", "ihmiset", "ihmistä", "ihmisten"),
    ("salaisuus", "salaisuuden", "salaisuudet", "salaisuutta", "salaisuuksien"),
    ("rakkaus", "rakkauden", "rakkautta", "rakkaudesta", "rakkauteen"),
    ("kirje", "kirjeen", "kirjeet", "kirjettä", "kirjeiden"),
    ("tyttö", "tytön", "tytöt", "tyttöä", "tyttöjen"),
    ("poika", "pojan", "pojat", "poikaa", "poikien"),
    ("saari", "saaren", "saarella", "saarta", "saaret"),
    ("joki", "joen", "joella", "jokea", "joet"),
    ("kaupunki", "kaupungin", "kaupungissa", "kaupunkia", "kaupungit"),
    ("lumi", "lumen", "lumessa", "lunta", "lumet"),
    ("kylä", "kylän", "kylässä", "kylää", "kylät"),
    ("perhe", "perheen", "perheessä", "perhettä", "perheet"),
    ("tie", "tien", "tiellä", "tietä", "tiet"),
]
FI_ADJECTIVES = [
    "pieni",
    "suuri",
    "pimeä",
    "kaunis",
    "vanha",
    "uusi",
    "viimeinen",
    "ensimmäinen",
    "kylmä",
    "musta",
    "valkoinen",
    "hiljainen",
    "kadonnut",
    "salainen",
    "punainen",
    "kultainen",
    "pitkä",
    "lyhyt",
]
SV_NOUNS = [
    ("hus", "huset", "husen", "husets"),
    ("bok", "boken", "böcker", "bokens"),
    ("barn", "barnet", "barnen", "barns"),
    ("sjö", "sjön", "sjöar", "sjöns"),
    ("natt", "natten", "nätter", "nattens"),
    ("skog", "skogen", "skogar", "skogens"),
    ("ö", "ön", "öar", "öns"),
    ("sommar", "sommaren", "somrar", "sommarens"),
    ("flicka", "flickan", "flickor", "flickans"),
    ("kung", "kungen", "kungar", "kungens"),
    ("stad", "staden", "städer", "stadens"),
    ("hav", "havet", "haven", "havets"),
    ("vän", "vännen", "vänner", "vännens"),
    ("brev", "brevet", "breven", "brevets"),
]
SV_ADJECTIVES = ["lilla", "stora", "mörka", "gamla", "nya", "sista", "första", "kalla", "tysta", "röda"]
EN_WORDS = [
    "house",
    "night",
    "summer",
    "sea",
    "street",
    "cat",
    "war",
    "wolf",
    "brother",
    "mother",
    "forest",
    "lake",
    "king",
    "bird",
    "star",
    "stone",
    "horse",
    "secret",
    "love",
    "letter",
    "girl",
    "boy",
    "island",
    "river",
    "city",
    "snow",
    "village",
    "family",
    "road",
    "dark",
    "last",
    "first",
    "silent",
    "lost",
    "golden",
]
FI_FIRST = [
    "Aino",
    "Eeva",
    "Helmi",
    "Liisa",
    "Sanna",
    "Minna",
    "Anna",
    "Juha",
    "Matti",
    "Pekka",
    "Antti",
    "Jukka",
    "Mikko",
    "Timo",
    "Kari",
    "Sofi",
    "Riikka",
    "Tuomas",
    "Leena",
    "Outi",
    "Heikki",
    "Katja",
    "Petri",
]
FI_LAST = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Salo",
    "Kivi",
    "Saarinen",
    "Niemi",
    "Lahtinen",
    "Ahonen",
    "Turunen",
    "Oksanen",
    "Rautio",
    "Välimäki",
    "Kärkkäinen",
    "Peltonen",
    "Aaltonen",
]
SV_FIRST = ["Astrid", "Karin", "Ulla", "Tove", "Johan", "Erik", "Lars", "Maria", "Elsa", "Henrik", "Sofia", "Anders"]
SV_LAST = ["Berg", "Lindqvist", "Ek", "Sjöberg", "Nyman", "Holmström", "Åberg", "Lindholm", "Wikström", "Söderberg"]
SUBJECTS = [
    "romaanit",
    "dekkarit",
    "jännityskirjallisuus",
    "fantasiakirjallisuus",
    "historialliset romaanit",
    "runot",
    "elämäkerrat",
    "lasten kuvakirjat",
    "nuortenkirjat",
    "tietokirjat",
    "historia",
    "talvisota",
    "luonto",
    "eläimet",
    "ruoanlaitto",
    "terveys",
    "psykologia",
    "matkat",
    "urheilu",
    "musiikki",
    "taide",
    "filosofia",
    "uskonnot",
    "talous",
    "tiede",
    "avaruus",
    "sarjakuvat",
    "huumori",
    "kauhukirjallisuus",
    "rakkausromaanit",
    "romaner",
    "deckare",
    "barnböcker",
    "ungdomsböcker",
    "biografier",
    "historia (sv)",
    "natur",
    "kokböcker",
    "poesi",
    "fiction",
    "crime",
    "fantasy",
    "biography",
    "science",
    "history",
    "self-help",
    "cooking",
    "travel",
]
SUBJECTS += [
    f"{a} {b}"
    for a, b in itertools.product(
        ["Suomen", "Pohjolan", "Euroopan", "maailman"], ["historia", "luonto", "kirjallisuus", "taide", "politiikka"]
    )
]
PUBLISHERS = [
    "Kustannus Oy Aamu",
    "Kirjapaino Ilta",
    "Förlaget Ö",
    "Lukukirjat",
    "Tähtikustannus",
    "Bokförlaget Hav",
    "Northern Books",
    "Kustannusliike Lehti",
    "Ääni ja kirja",
    "Pohjoinen kustannus",
]
MAGAZINES = [
    f"{name} {kind}"
    for name, kind in itertools.product(
        [
            "Tekniikan",
            "Kodin",
            "Luonnon",
            "Tieteen",
            "Ruoan",
            "Matkailun",
            "Historian",
            "Urheilun",
            "Terveyden",
            "Musiikin",
        ],
        ["Maailma", "Kuvalehti", "Lehti", "Uutiset"],
    )
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "su",
    "ta",
    "ve",
    "ri",
    "no",
    "hä",
    "jo",
    "pe",
    "ku",
    "sa",
    "li",
    "ma",
    "tö",
    "ra",
    "ne",
    "vo",
    "ki",
    "ä",
    "ul",
    "an",
    "er",
    "ot",
    "is",
    "la",
    "po",
    "se",
    "nu",
]


def zipf_choice(rng, items, exponent=1.0):
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))
    return lambda k=1: rng.choices(items, cum_weights=cumulative, k=k)


class Generator:
    """Makes rows for the catalogue tables; deterministic for a seed."""

    def __init__(self, seed):
        self.rng = rng = random.Random(seed)
        # A long tail of rare invented words (place names, coinages) beside the common ones.
        self.rare = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(3, 5))) for _ in range(60_000)})
        rng.shuffle(self.rare)
        self.fi_noun = zipf_choice(rng, FI_NOUNS, 0.8)
        self.sv_noun = zipf_choice(rng, SV_NOUNS, 0.8)
        self.en_word = zipf_choice(rng, EN_WORDS, 0.8)
        self.rare_word = zipf_choice(rng, self.rare, 0.6)
        self.subject = zipf_choice(rng, SUBJECTS, 0.9)
        self.series = [f"{self._fi_title(2)}-sarja" for _ in range(3000)]

    def _fi_title(self, words):
        rng = self.rng
        parts = []
        if rng.random() < 0.4:
            parts.append(rng.choice(FI_ADJECTIVES))
        for _ in range(words):
            parts.append(rng.choice(self.fi_noun()[0]))
        if rng.random() < 0.5:
            parts.append(self.rare_word()[0])
        return " ".join(parts).capitalize()

    def _sv_title(self):
        rng = self.rng
        parts = [rng.choice(SV_ADJECTIVES)] if rng.random() < 0.4 else []
        parts += [rng.choice(self.sv_noun()[0]) for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.5:
            parts.append(self.rare_word()[0])
        return " ".join(parts).capitalize()

    def _en_title(self):
        parts = ["The"] + self.en_word(self.rng.randint(1, 3))
        if self.rng.random() < 0.5:
            parts.append(self.rare_word()[0].capitalize())
        return " ".join(parts)

    def person(self, language):
        rng = self.rng
        if language == "sv" or rng.random() < 0.1:
            return f"{rng.choice(SV_FIRST)} {rng.choice(SV_LAST)}"
        if rng.random() < 0.3:
            return f"{rng.choice(FI_FIRST)} {self.rare_word()[0].capitalize()}nen"
        return f"{rng.choice(FI_FIRST)} {rng.choice(FI_LAST)}"

    def publication(self, number):
        """One publication as (work key, publication row, contributors, subjects, licenses)."""
        rng = self.rng
        roll = rng.random()
        medium = "ebook" if roll < 0.55 else "audiobook" if roll < 0.9 else "magazine"
        roll = rng.random()
        language = "fi" if roll < 0.7 else "sv" if roll < 0.82 else "en"
        year = min(2025, int(2026 - rng.expovariate(1 / 12)))
        published = dt.date(max(year, 1850), rng.randint(1, 12), rng.randint(1, 28))
        vendor, _, origin = rng.choice(VENDORS)
        issue = None
        if medium == "magazine":
            periodical = rng.choice(MAGAZINES)
            title = f"{periodical} {published.month}/{published.year}"
            issue = (periodical, published)
            language = "fi"
        elif language == "fi":
            title = self._fi_title(rng.randint(1, 2))
        elif language == "sv":
            title = self._sv_title()
        else:
            title = self._en_title()
        isbn = None if medium == "magazine" else isbn13(number)
        roll = rng.random()
        audience = "children" if roll < 0.15 else "young" if roll < 0.25 else "adults"
        people = [(self.person(language), "author")]
        if rng.random() < 0.15:
            people.append((self.person(language), "author"))
        if medium == "audiobook":
            people.append((self.person(language), "narrator"))
        if medium == "magazine":
            people = []
        series = rng.choice(self.series) if medium != "magazine" and rng.random() < 0.15 else None
        row = {
            "vendor_name": vendor,
            "vendor_key": f"b{number}",
            "record_hash": hashlib.md5(str(number).encode(), usedforsecurity=False).hexdigest(),
            "medium": medium,
            "title": title,
            "subtitle": None,
            "sort_title": sort_key(title),
            "language": language,
            "series": series,
            "series_number": str(rng.randint(1, 12)) if series else None,
            "publisher": rng.choice(PUBLISHERS),
            "published": published,
            "audience": audience,
            "isbn": isbn,
            "description": None,
            "simultaneous_use": medium == "magazine",
            "withdrawn": False,
            "periodical_key": issue[0].lower().replace(" ", "-") if issue else None,
            "periodical_title": issue[0] if issue else None,
            "issue_date": issue[1] if issue else None,
            "popularity": int(rng.paretovariate(1.2)) - 1,
        }
        subjects = [] if medium == "magazine" else list(dict.fromkeys(self.subject(rng.randint(1, 3))))
        row["subjects"] = subjects or None
        licenses = []
        if medium != "magazine":
            for n in range(1 if rng.random() < 0.8 else 2):
                licenses.append(
                    {
                        "identifier": f"lic-{number}-{n}",
                        "concurrency": rng.choice([1, 1, 2, 5, None]),
                        "checkouts_left": rng.choice([None, None, 0, 10, 50]),
                        "expires": None if rng.random() < 0.7 else NOW + dt.timedelta(days=rng.randint(-100, 700)),
                        "loan_length_seconds": 21 * 86400,
                        "status": "available",
                        "format": "application/epub+zip",
                    }
                )
        key = f"isbn:{isbn}" if isbn else f"{vendor}:b{number}"
        return key, row, people, subjects, licenses


NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def other_vendor(name):
    names = [vendor[0] for vendor in VENDORS]
    return names[(names.index(name) + 1) % len(names)]


def isbn13(number):
    body = f"978{number % 10**9:09d}"
    return body + ean.calc_check_digit(body)


def generate(url, count, seed=1, index=True, out=print):
    """Fill the database at ``url`` with ``count`` publications and (unless ``index`` is False) index them."""
    engine = make_engine(url)
    upgrade(engine)
    generator = Generator(seed)
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        for name, title, origin in VENDORS:
            if session.get(Vendor, name) is None:
                session.add(Vendor(name=name, title=title, origin=origin))
        work_id = session.scalar(select(func.coalesce(func.max(Work.id), 0)))
        publication_id = session.scalar(select(func.coalesce(func.max(Publication.id), 0)))
        license_id = session.scalar(select(func.coalesce(func.max(License.id), 0)))
    offset = publication_id  # vendor keys and ISBNs stay unique when run again on the same database
    works = {}
    done = 0
    while done < count:
        size = min(CHUNK, count - done)
        work_rows, publication_rows, contributor_rows, subject_rows, license_rows = [], [], [], [], []
        recent = []
        for number in range(offset + done, offset + done + size):
            # About 4 % of publications are a second vendor's offer of a book already made (same ISBN).
            if recent and generator.rng.random() < 0.04:
                key, row, people, subjects, licenses = generator.rng.choice(recent)
                row = {**row, "vendor_key": f"b{number}", "vendor_name": other_vendor(row["vendor_name"])}
                licenses = [{**terms, "identifier": f"lic-{number}-{n}"} for n, terms in enumerate(licenses)]
            else:
                key, row, people, subjects, licenses = generator.publication(number)
                if row["isbn"]:
                    recent.append((key, row, people, subjects, licenses))
            if key not in works:
                work_id += 1
                works[key] = work_id
                work_rows.append({"id": work_id, "key": key, "title": row["title"]})
            publication_id += 1
            row.update({"id": publication_id, "work_id": works[key], "synced_at": NOW})
            publication_rows.append(row)
            for position, (name, role) in enumerate(people):
                contributor_rows.append(
                    {
                        "publication_id": publication_id,
                        "position": position,
                        "name": name,
                        "sort_name": None,
                        "role": role,
                    }
                )
            for subject in subjects:
                subject_rows.append({"publication_id": publication_id, "subject": subject})
            for terms in licenses:
                license_id += 1
                license_rows.append(
                    {"id": license_id, "publication_id": publication_id, "checkouts_available": None, **terms}
                )
        with Session(engine) as session, session.begin():
            for model, rows in (
                (Work, work_rows),
                (Publication, publication_rows),
                (PublicationContributor, contributor_rows),
                (PublicationSubject, subject_rows),
                (License, license_rows),
            ):
                if rows:
                    session.execute(insert(model), rows)
        done += size
        out(f"\r{done:,} publications written ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    out()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in ("works", "publications", "licenses"):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
                )
            connection.execute(text("ANALYZE"))
    written = time.perf_counter() - started
    out(f"catalogue: {count:,} publications, {len(works):,} works in {written:.0f} s")
    if index:
        build_index(engine, out=out)
    engine.dispose()


def build_index(engine, out=print):
    """Rebuild the search index of ``engine``'s database and say how long it took."""
    started = time.perf_counter()
    done = [0]

    def progress(n):
        done[0] += n
        out(f"\r{done[0]:,} works indexed ({time.perf_counter() - started:.0f} s)", end="", flush=True)

    with Session(engine) as session, session.begin():
        index_for(engine.dialect.name).rebuild(session, progress=progress)
    out()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE search_documents"))
    elif engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
            connection.execute(text("ANALYZE"))
    out(f"index: {done[0]:,} works in {time.perf_counter() - started:.0f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="SQLAlchemy URL of the database to fill")
    parser.add_argument("--count", type=int, default=1_000_000, help="how many publications (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-index", action="store_true", help="write the catalogue only")
    parser.add_argument("--index-only", action="store_true", help="only rebuild the search index of the database")
    args = parser.parse_args(argv)
    if args.index_only:
        engine = make_engine(args.url)
        upgrade(engine)
        build_index(engine)
        return 0
    if args.count < 1:
        parser.error("--count must be at least 1")
    generate(args.url, args.count, seed=args.seed, index=not args.no_index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
