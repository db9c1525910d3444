"""The sandbox distributor's catalogue: public-domain classics plus generated titles.

Every title is a pure function of its position and the seed, so a catalogue
of 100,000 costs nothing until a page of it is read. Positions 0.. are the
classics (always present, with stable ISBN keys); generated titles follow,
their ISBN encoding their position so a key leads back to its title.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

UTC = dt.UTC
EPUB = "application/epub+zip"
AUDIOBOOK = "application/audiobook+json"
# The sandbox's catalogue was "delivered" from the day E-kirjasto opened, one title a minute.
CATALOGUE_START = dt.datetime(2024, 4, 23, 6, 0, tzinfo=UTC)
GENERATED_PREFIX = "978952"
DAY = 86400

YKL = "http://urn.fi/URN:NBN:fi:au:ykl:"
KAUNOKKI = "http://www.yso.fi/onto/kaunokki/"
AUDIENCE = "http://schema.org/audience"


@dataclasses.dataclass(frozen=True, slots=True)
class LicenseSpec:
    """A license as it was bought: its terms on the day it was created."""

    identifier: str
    concurrency: int
    checkouts: int | None
    expires: dt.datetime | None
    length: int
    created: dt.datetime
    used: int = 0


# Not frozen: a frozen dataclass pays for every field on creation, and titles are built by the thousand.
@dataclasses.dataclass(slots=True)
class Title:
    """One publication of the sandbox catalogue."""

    isbn: str
    medium: str
    title: str
    language: str
    authors: tuple[tuple[str, str], ...]
    published: str
    publisher: str
    subjects: tuple[tuple[str, str | None, str], ...]
    description: str
    audience: str = "adult"
    subtitle: str | None = None
    translators: tuple[tuple[str, str], ...] = ()
    narrators: tuple[tuple[str, str], ...] = ()
    series: tuple[str, int] | None = None
    duration: int | None = None
    pages: int | None = None
    licenses: tuple[LicenseSpec, ...] = ()

    @property
    def key(self):
        return "urn:isbn:" + self.isbn

    @property
    def format(self):
        return AUDIOBOOK if self.medium == "audiobook" else EPUB


def isbn_with_check(twelve):
    """An ISBN-13 from its first twelve digits."""
    total = sum(map(int, twelve[0:12:2])) + 3 * sum(map(int, twelve[1:12:2]))
    return twelve + str((10 - total % 10) % 10)


def _person(name):
    given, _, family = name.rpartition(" ")
    return (name, f"{family}, {given}" if given else name)


def _date(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def _licenses(isbn, *specs):
    created = _date("2024-04-01T08:00:00")
    return tuple(
        LicenseSpec(
            f"{isbn}-{n}", concurrency, checkouts, _date(expires) if expires else None, length * DAY, created, used
        )
        for n, (concurrency, checkouts, expires, length, used) in enumerate(specs, start=1)
    )


def _classic(number, medium, title, language, authors, published, subjects, description, licenses, **extra):
    isbn = isbn_with_check(f"978951000{number:03d}")
    people = tuple(_person(name) for name in authors)
    for role in ("translators", "narrators"):
        if role in extra:
            extra[role] = tuple(_person(name) for name in extra[role])
    return Title(
        isbn=isbn,
        medium=medium,
        title=title,
        language=language,
        authors=people,
        published=published,
        publisher=extra.pop("publisher", "Sandbox Klassikot"),
        subjects=subjects,
        description=description,
        licenses=_licenses(isbn, *licenses),
        **extra,
    )


_FI_NOVEL = (YKL, "84.2", "Suomenkielinen kertomakirjallisuus")
_POEMS = (YKL, "81", "Runot")
_DRAMA = (YKL, "82", "Näytelmät")
_TALES = (YKL, "85", "Sadut")
_NOVEL = (YKL, "84", "Kertomakirjallisuus")

# (concurrency, checkouts or None, expires or None, loan days, checkouts already used)
CLASSICS = (
    _classic(
        1,
        "ebook",
        "Seitsemän veljestä",
        "fi",
        ["Aleksis Kivi"],
        "1870",
        (_FI_NOVEL, (KAUNOKKI, None, "veljekset"), (KAUNOKKI, None, "maalaiselämä"), (KAUNOKKI, None, "klassikot")),
        "Jukolan seitsemän veljestä pakenevat aapiskukkoa Impivaaran metsään ja palaavat lopulta kylään.",
        [(1, 30, "2031-04-23T00:00:00", 21, 0), (3, 100, "2036-12-31T00:00:00", 21, 0)],
        pages=412,
    ),
    _classic(
        2,
        "audiobook",
        "Seitsemän veljestä",
        "fi",
        ["Aleksis Kivi"],
        "1870",
        (_FI_NOVEL, (KAUNOKKI, None, "veljekset"), (KAUNOKKI, None, "klassikot")),
        "Suomalaisen romaanin klassikko äänikirjana.",
        [(1, None, None, 14, 0)],
        narrators=["Tapio Hämäläinen"],
        duration=16 * 3600 + 42 * 60,
    ),
    _classic(
        3,
        "ebook",
        "Nummisuutarit",
        "fi",
        ["Aleksis Kivi"],
        "1864",
        (_DRAMA, (KAUNOKKI, None, "komediat")),
        "Esko lähtee naimaretkelle, ja kaikki menee toisin kuin piti.",
        [(2, 50, "2034-01-01T00:00:00", 21, 0)],
        pages=180,
    ),
    _classic(
        4,
        "ebook",
        "Fänrik Ståls sägner",
        "sv",
        ["Johan Ludvig Runeberg"],
        "1848",
        (_POEMS, (KAUNOKKI, None, "Suomen sota 1808-1809"), (KAUNOKKI, None, "kansalliseepokset")),
        "Dikter om Finska kriget 1808–1809, berättade av den gamle fänriken.",
        [(2, 50, "2033-06-30T00:00:00", 21, 0)],
        pages=260,
    ),
    _classic(
        5,
        "audiobook",
        "Fänrik Ståls sägner",
        "sv",
        ["Johan Ludvig Runeberg"],
        "1848",
        (_POEMS, (KAUNOKKI, None, "Suomen sota 1808-1809")),
        "Runebergs dikter om Finska kriget, upplästa.",
        [(1, 40, "2032-12-31T00:00:00", 14, 0)],
        narrators=["Stina Lindqvist"],
        duration=5 * 3600 + 10 * 60,
    ),
    _classic(
        6,
        "ebook",
        "Vänrikki Stoolin tarinat",
        "fi",
        ["Johan Ludvig Runeberg"],
        "1889",
        (_POEMS, (KAUNOKKI, None, "Suomen sota 1808-1809")),
        "Runebergin runoelma Suomen sodasta Paavo Cajanderin suomentamana.",
        [(2, 60, "2035-03-31T00:00:00", 21, 0)],
        translators=["Paavo Cajander"],
        pages=240,
    ),
    _classic(
        7,
        "ebook",
        "Anna Liisa",
        "fi",
        ["Minna Canth"],
        "1895",
        (_DRAMA, (KAUNOKKI, None, "syyllisyys")),
        "Näytelmä nuoresta naisesta, jonka menneisyys palaa hänen kihlajaisiinsa.",
        [(1, 25, "2030-12-31T00:00:00", 21, 0)],
        pages=120,
    ),
    _classic(
        8,
        "ebook",
        "Työmiehen vaimo",
        "fi",
        ["Minna Canth"],
        "1885",
        (_DRAMA, (KAUNOKKI, None, "naisen asema")),
        "Canthin näytelmä naimisissa olevan naisen oikeudettomuudesta. Kaikki lainakerrat on käytetty.",
        [(1, 10, "2031-12-31T00:00:00", 21, 10)],
        pages=140,
    ),
    _classic(
        9,
        "ebook",
        "Kauppa-Lopo",
        "fi",
        ["Minna Canth"],
        "1889",
        (_FI_NOVEL, (KAUNOKKI, None, "köyhyys")),
        "Kertomus Kuopion torin kauppamuijasta. Lisenssi on vanhentunut.",
        [(2, 20, "2025-06-30T00:00:00", 21, 0)],
        pages=90,
    ),
    _classic(
        10,
        "ebook",
        "Boken om vårt land",
        "sv",
        ["Zacharias Topelius"],
        "1875",
        (_NOVEL, (KAUNOKKI, None, "Suomi"), (AUDIENCE, "children", "Barn")),
        "Läsebok om Finlands land och folk för skolans barn.",
        [(3, None, "2037-12-31T00:00:00", 21, 0)],
        audience="children",
        pages=420,
    ),
    _classic(
        11,
        "ebook",
        "Konungens handske",
        "sv",
        ["Zacharias Topelius"],
        "1853",
        (_NOVEL, (KAUNOKKI, None, "historialliset romaanit")),
        "Den första av Fältskärns berättelser.",
        [(1, 40, "2033-12-31T00:00:00", 21, 0)],
        series=("Fältskärns berättelser", 1),
        pages=210,
    ),
    _classic(
        12,
        "ebook",
        "Eld och vatten",
        "sv",
        ["Zacharias Topelius"],
        "1854",
        (_NOVEL, (KAUNOKKI, None, "historialliset romaanit")),
        "Den andra av Fältskärns berättelser.",
        [(1, 40, "2033-12-31T00:00:00", 21, 0)],
        series=("Fältskärns berättelser", 2),
        pages=230,
    ),
    _classic(
        13,
        "ebook",
        "Läsning för barn",
        "sv",
        ["Zacharias Topelius"],
        "1865",
        (_TALES, (KAUNOKKI, None, "sadut"), (AUDIENCE, "children", "Barn")),
        "Sagor, dikter och pjäser för barn, bland dem Sampo Lappelill.",
        [(2, 80, "2036-12-31T00:00:00", 14, 0)],
        audience="children",
        pages=300,
    ),
    _classic(
        14,
        "ebook",
        "Helkavirsiä",
        "fi",
        ["Eino Leino"],
        "1903",
        (_POEMS, (KAUNOKKI, None, "balladit")),
        "Eino Leinon kansanrunouden henkeen kirjoittamat balladit ja legendat.",
        [(2, None, "2035-12-31T00:00:00", 21, 0)],
        pages=110,
    ),
    _classic(
        15,
        "audiobook",
        "Helkavirsiä",
        "fi",
        ["Eino Leino"],
        "1903",
        (_POEMS, (KAUNOKKI, None, "balladit")),
        "Helkavirret luettuina.",
        [(1, 30, "2032-06-30T00:00:00", 14, 0)],
        narrators=["Aino Virtanen"],
        duration=2 * 3600 + 5 * 60,
    ),
    _classic(
        16,
        "ebook",
        "Dikter",
        "sv",
        ["Edith Södergran"],
        "1916",
        (_POEMS, (KAUNOKKI, None, "modernismi")),
        "Södergrans debutsamling, som öppnade den finlandssvenska modernismen.",
        [(2, 50, "2034-12-31T00:00:00", 21, 0)],
        pages=96,
    ),
    _classic(
        17,
        "ebook",
        "Septemberlyran",
        "sv",
        ["Edith Södergran"],
        "1918",
        (_POEMS, (KAUNOKKI, None, "modernismi")),
        "Dikter skrivna under hösten 1918.",
        [(1, 30, "2034-12-31T00:00:00", 21, 0)],
        pages=80,
    ),
    _classic(
        18,
        "ebook",
        "Rautatie",
        "fi",
        ["Juhani Aho"],
        "1884",
        (_FI_NOVEL, (KAUNOKKI, None, "rautatiet"), (KAUNOKKI, None, "maalaiselämä")),
        "Matti ja Liisa lähtevät katsomaan ensimmäistä kertaa rautatietä.",
        [(1, 30, "2032-12-31T00:00:00", 21, 0), (2, 40, "2035-12-31T00:00:00", 21, 0)],
        pages=150,
    ),
    _classic(
        19,
        "ebook",
        "Laulu tulipunaisesta kukasta",
        "fi",
        ["Johannes Linnankoski"],
        "1905",
        (_FI_NOVEL, (KAUNOKKI, None, "tukinuitto"), (KAUNOKKI, None, "rakkaus")),
        "Tukkilainen Olavi Koskelan rakkaudet ja vaellus.",
        [(2, 60, "2034-06-30T00:00:00", 21, 0)],
        pages=310,
    ),
    _classic(
        20,
        "ebook",
        "Kalevala",
        "fi",
        ["Elias Lönnrot"],
        "1849",
        (_POEMS, (KAUNOKKI, None, "kansalliseepokset"), (KAUNOKKI, None, "mytologia")),
        "Suomen kansalliseepos, Lönnrotin kokoama kansanrunoista.",
        [(3, None, None, 21, 0)],
        pages=560,
    ),
    _classic(
        21,
        "audiobook",
        "Kalevala",
        "fi",
        ["Elias Lönnrot"],
        "1849",
        (_POEMS, (KAUNOKKI, None, "kansalliseepokset")),
        "Kalevala kokonaisuudessaan luettuna.",
        [(1, None, "2036-12-31T00:00:00", 14, 0)],
        narrators=["Tapio Hämäläinen"],
        duration=21 * 3600,
    ),
    _classic(
        22,
        "ebook",
        "The Kalevala",
        "en",
        ["Elias Lönnrot"],
        "1888",
        (_POEMS, (KAUNOKKI, None, "kansalliseepokset")),
        "The epic poem of Finland, translated into English.",
        [(1, 20, "2033-12-31T00:00:00", 21, 0)],
        translators=["John Martin Crawford"],
        pages=740,
    ),
    _classic(
        23,
        "ebook",
        "Pride and Prejudice",
        "en",
        ["Jane Austen"],
        "1813",
        (_NOVEL, (KAUNOKKI, None, "rakkausromaanit")),
        "Elizabeth Bennet and Mr Darcy misjudge each other in Regency England.",
        [(1, 30, "2034-12-31T00:00:00", 21, 0)],
        pages=380,
    ),
)

CLASSIC_POSITIONS = {title.isbn: position for position, title in enumerate(CLASSICS)}

_FI_ADJECTIVES = (
    "Hiljainen",
    "Pimeä",
    "Kadonnut",
    "Viimeinen",
    "Kylmä",
    "Punainen",
    "Valkoinen",
    "Salainen",
    "Unohdettu",
    "Kaukainen",
    "Lämmin",
    "Vanha",
)
_FI_NOUNS = (
    "järvi",
    "metsä",
    "talo",
    "kesä",
    "saari",
    "kirje",
    "tie",
    "yö",
    "puutarha",
    "majakka",
    "kaupunki",
    "talvi",
)
_SV_ADJECTIVES = (
    "Den tysta",
    "Den mörka",
    "Den sista",
    "Den glömda",
    "Den röda",
    "Den vita",
    "Den hemliga",
    "Den gamla",
)
_SV_NOUNS = ("sjön", "skogen", "ön", "vintern", "trädgården", "fyren", "staden", "vägen", "sommaren", "stranden")
_EN_ADJECTIVES = ("The Silent", "The Last", "The Forgotten", "The Northern", "The Hidden", "The Winter", "The Quiet")
_EN_NOUNS = ("Lake", "Forest", "Island", "Letter", "Garden", "Lighthouse", "City", "Harbour", "Road", "House")
_FI_GIVEN = ("Aino", "Eero", "Helmi", "Juhani", "Kaisa", "Lauri", "Maija", "Olli", "Riikka", "Sami", "Tuula", "Ville")
_FI_FAMILY = (
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
    "Salo",
    "Turunen",
)
_SV_GIVEN = ("Anna", "Erik", "Greta", "Henrik", "Ingrid", "Johan", "Karin", "Mikael", "Sofia", "Tove")
_SV_FAMILY = ("Lindqvist", "Lindholm", "Sundström", "Nyberg", "Holmström", "Forsman", "Ekholm", "Wikström")
_EN_GIVEN = ("Alice", "David", "Emma", "George", "Hannah", "James", "Laura", "Oliver", "Sarah", "Thomas")
_EN_FAMILY = ("Brown", "Clarke", "Evans", "Harris", "Hughes", "Morgan", "Turner", "Walker", "Wright")
_PUBLISHERS = {
    "fi": ("Kustannus Kaarna", "Otsonkirjat", "Sandbox Kustannus", "Kirjamo"),
    "sv": ("Förlaget Måsen", "Sandbox Förlag", "Skärgårdsförlaget"),
    "en": ("Northern Lights Press", "Sandbox Books", "Harbour House"),
}
_GENRES = (
    ((YKL, "84.2", "Suomenkielinen kertomakirjallisuus"), (KAUNOKKI, None, "jännityskirjallisuus")),
    ((YKL, "84.2", "Suomenkielinen kertomakirjallisuus"), (KAUNOKKI, None, "rakkausromaanit")),
    ((YKL, "84", "Kertomakirjallisuus"), (KAUNOKKI, None, "historialliset romaanit")),
    ((YKL, "84", "Kertomakirjallisuus"), (KAUNOKKI, None, "fantasiakirjallisuus")),
    ((YKL, "81", "Runot"), (KAUNOKKI, None, "luonto")),
    ((YKL, "84", "Kertomakirjallisuus"), (KAUNOKKI, None, "perheet")),
)
_CHILDREN_GENRES = (
    ((YKL, "85", "Sadut"), (KAUNOKKI, None, "eläimet")),
    ((YKL, "84", "Kertomakirjallisuus"), (KAUNOKKI, None, "seikkailukertomukset")),
)
_AUDIENCE_NAMES = {
    "fi": {"children": "Lapset", "young": "Nuoret"},
    "sv": {"children": "Barn", "young": "Unga"},
    "en": {"children": "Children", "young": "Young adults"},
}
_SERIES = {
    "fi": ("Järvikylän tarinat", "Komisario Salo", "Saariston kesä"),
    "sv": ("Fyrvaktarens dotter", "Kommissarie Holm"),
    "en": ("The Harbour Mysteries", "Northern Tales"),
}
_DESCRIPTIONS = {
    "fi": "Tarina, jossa {noun} muuttaa kaiken. Sandbox-kustantajan kuvitteellinen teos.",
    "sv": "En berättelse där {noun} förändrar allt. Ett påhittat verk från sandlådeförlaget.",
    "en": "A story in which the {noun} changes everything. An imaginary work from the sandbox publisher.",
}


def generated_isbn(index):
    """The ISBN of the ``index``-th generated title (0-based)."""
    return isbn_with_check(f"{GENERATED_PREFIX}{index:06d}")


class _Draws:
    """A cheap deterministic stream of pseudo-random numbers (SplitMix64), one per title.

    ``random.Random`` costs more to seed than a whole title costs to build; a
    100,000-title feed is built while it is being read, so this matters. Each
    64-bit output is spent as four 16-bit draws.
    """

    __slots__ = ("state", "bits", "left")
    MASK = (1 << 64) - 1

    def __init__(self, seed, index):
        self.state = (seed * 0x9E3779B97F4A7C15 + index * 0xD1B54A32D192ED03) & self.MASK
        self.bits = self.left = 0

    def draw(self):
        """A whole number in 0 .. 65535."""
        if not self.left:
            self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
            z = self.state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
            self.bits, self.left = z ^ (z >> 31), 4
        self.left -= 1
        value = self.bits & 0xFFFF
        self.bits >>= 16
        return value

    def below(self, n):
        """A whole number in 0 .. n-1 (n well below 65536)."""
        return self.draw() % n

    def pick(self, items):
        return items[self.draw() % len(items)]

    def chance(self, percent):
        """True ``percent`` times in a hundred."""
        return self.draw() % 100 < percent

    def between(self, low, high):
        return low + self.draw() % (high - low + 1)


def generated_title(seed, index):
    """The ``index``-th generated title: Finnish, Swedish or English; e-book or audiobook."""
    draws = _Draws(seed, index)
    isbn = generated_isbn(index)
    roll = draws.below(100)
    language = "fi" if roll < 60 else "sv" if roll < 85 else "en"
    medium = "audiobook" if draws.chance(30) else "ebook"
    roll = draws.below(100)
    audience = "children" if roll < 15 else "young" if roll < 25 else "adult"
    if language == "fi":
        noun = draws.pick(_FI_NOUNS)
        title = f"{draws.pick(_FI_ADJECTIVES)} {noun}"
        given, family = _FI_GIVEN, _FI_FAMILY
    elif language == "sv":
        noun = draws.pick(_SV_NOUNS)
        title = f"{draws.pick(_SV_ADJECTIVES)} {noun}"
        given, family = _SV_GIVEN, _SV_FAMILY
    else:
        noun = draws.pick(_EN_NOUNS)
        title = f"{draws.pick(_EN_ADJECTIVES)} {noun}"
        given, family = _EN_GIVEN, _EN_FAMILY
    author = f"{draws.pick(given)} {draws.pick(family)}"
    translators = ()
    if language == "fi" and draws.chance(15):
        # A translation into Finnish: an English-speaking author, a Finnish translator.
        translators = (_person(f"{draws.pick(_FI_GIVEN)} {draws.pick(_FI_FAMILY)}"),)
        author = f"{draws.pick(_EN_GIVEN)} {draws.pick(_EN_FAMILY)}"
    series = (draws.pick(_SERIES[language]), draws.between(1, 9)) if draws.chance(20) else None
    subjects = draws.pick(_CHILDREN_GENRES if audience == "children" else _GENRES)
    if audience != "adult":
        subjects = (*subjects, (AUDIENCE, audience, _AUDIENCE_NAMES[language][audience]))
    narrators, duration, pages = (), None, None
    if medium == "audiobook":
        narrators = (_person(f"{draws.pick(given)} {draws.pick(family)}"),)
        duration = draws.between(2 * 3600, 18 * 3600) // 60 * 60
    else:
        pages = draws.between(60, 640)
    published = f"{draws.between(1995, 2026)}-{draws.between(1, 12):02d}-{draws.between(1, 28):02d}"
    return Title(
        isbn=isbn,
        medium=medium,
        title=title,
        language=language,
        authors=(_person(author),),
        published=published,
        publisher=draws.pick(_PUBLISHERS[language]),
        subjects=subjects,
        description=_DESCRIPTIONS[language].format(noun=noun.lower()),
        audience=audience,
        translators=translators,
        narrators=narrators,
        series=series,
        duration=duration,
        pages=pages,
        licenses=_generated_licenses(draws, isbn),
        subtitle="Romaani" if language == "fi" and draws.chance(10) else None,
    )


_CONCURRENCY = (1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 5)
_CHECKOUTS = (None, 20, 25, 50, 100)
_EXPIRIES = tuple(dt.datetime(year, month, 1, tzinfo=UTC) for year in range(2029, 2037) for month in (1, 4, 7, 10))
_EXPIRED = tuple(dt.datetime(2025, month, 1, tzinfo=UTC) for month in range(1, 13))
_LENGTHS = (14 * DAY, 21 * DAY, 28 * DAY)


def _generated_licenses(draws, isbn):
    roll = draws.below(100)
    count = 1 if roll < 80 else 2 if roll < 95 else 3
    specs = []
    for n in range(1, count + 1):
        roll = draws.below(100)
        checkouts = draws.pick(_CHECKOUTS)
        expires = draws.pick(_EXPIRIES) if draws.chance(80) else None
        used = 0
        if roll < 5:
            # Used up: every checkout the license allowed has been lent.
            checkouts = checkouts or 20
            used = checkouts
        elif roll < 10:
            expires = draws.pick(_EXPIRED)
        specs.append(
            LicenseSpec(
                f"{isbn}-{n}", draws.pick(_CONCURRENCY), checkouts, expires, draws.pick(_LENGTHS), CATALOGUE_START, used
            )
        )
    return tuple(specs)


class Catalogue:
    """The titles at positions ``0 .. size-1`` (at least the classics), built lazily and cached."""

    CACHE_LIMIT = 20_000

    def __init__(self, size, seed=2024):
        self.size = max(size, len(CLASSICS))
        self.seed = seed
        self._cache = {}

    def __len__(self):
        return self.size

    def title(self, position):
        title = self._cache.get(position)
        if title is None:
            if position < len(CLASSICS):
                title = CLASSICS[position]
            else:
                title = generated_title(self.seed, position - len(CLASSICS))
            if len(self._cache) >= self.CACHE_LIMIT:
                # A benchmark reads 100,000 titles once; keep memory flat rather than cache them all.
                self._cache.clear()
            self._cache[position] = title
        return title

    def position(self, key):
        """The position of the title with ``key`` (its urn:isbn identifier), or None."""
        isbn = key[9:] if key.startswith("urn:isbn:") else key
        if isbn in CLASSIC_POSITIONS:
            return CLASSIC_POSITIONS[isbn]
        if len(isbn) != 13 or not isbn.startswith(GENERATED_PREFIX) or not isbn.isdigit():
            return None
        index = int(isbn[6:12])
        position = index + len(CLASSICS)
        if position >= self.size or generated_isbn(index) != isbn:
            return None
        return position

    def base_modified(self, position):
        """When the title was delivered: one title a minute from the catalogue's start."""
        return CATALOGUE_START + dt.timedelta(minutes=position)
