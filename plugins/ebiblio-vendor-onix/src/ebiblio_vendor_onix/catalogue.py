"""The sandbox vendor's catalogue: foreign-language classics plus generated titles.

Deterministic and lazy: ``Catalogue(size)`` computes product ``i`` from its
index, so a benchmark can ask for 100,000 products without building them all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

# Editions the domestic ODL vendor also sells: the core merges each into one work with two offers.
# The numbers are the ODL sandbox's (plugins/ebiblio-vendor-odl, sandbox/catalogue.py CLASSICS).
SHARED_ISBNS = {
    "seitseman-veljesta": "9789510000014",
    "fanrik-stals-sagner": "9789510000045",
    "boken-om-vart-land": "9789510000106",
    "dikter": "9789510000168",
    "pride-and-prejudice": "9789510000236",
}

KEY_PREFIX = "NL"


@dataclasses.dataclass(frozen=True, slots=True)
class Product:
    """One product as the sandbox vendor keeps it; ``writer`` turns it into ONIX."""

    key: str
    isbn: str
    title: str
    language: str
    contributors: tuple = ()
    medium: str = "ebook"
    subtitle: str | None = None
    title_prefix: str | None = None
    series: str | None = None
    series_number: str | None = None
    publisher: str = "Northlight Digital"
    published: dt.date = dt.date(2020, 1, 1)
    subjects: tuple = ()
    audience: str = "01"
    description: str = ""
    pages: int | None = None
    duration_seconds: int | None = None
    copies: int = 3
    withdrawn: bool = False

    @property
    def full_title(self):
        """The title as a reader says it, with its prefix ("The", "A")."""
        return f"{self.title_prefix} {self.title}" if self.title_prefix else self.title


def isbn13(stem12):
    """Complete a 12-digit ISBN stem with its check digit."""
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(stem12))
    return f"{stem12}{(10 - total % 10) % 10}"


def _key(index):
    return f"{KEY_PREFIX}{index:07d}"


def key_index(key):
    """The catalogue index of a product key, or None when it is not one of ours."""
    if not key or not key.startswith(KEY_PREFIX) or not key[len(KEY_PREFIX) :].isdigit():
        return None
    return int(key[len(KEY_PREFIX) :])


def _a(name, inverted):
    return ("A01", name, inverted)


def _c(role, name, inverted):
    return (role, name, inverted)


YKL_FICTION = ("66", "84.2", "Vieraskielinen kaunokirjallisuus")
YKL_FINNISH = ("66", "84.2", "Suomenkielinen kaunokirjallisuus")
YKL_POETRY = ("66", "81.2", "Runot")
CLASSIC = ("69", "klassikot", "klassikot")
THEMA_CLASSIC = ("93", "FBC", "Classic fiction")
THEMA_POETRY = ("93", "DCF", "Poetry by individual poets")
THEMA_CHILDREN = ("93", "YFB", "Children's / Teenage fiction: General")

# (title fields, contributors, language, medium, extras): editions a foreign vendor really carries.
_CLASSICS = (
    dict(title="Seven Brothers", language="eng", contributors=(_a("Aleksis Kivi", "Kivi, Aleksis"),
         _c("B06", "Alex Matson", "Matson, Alex")), subjects=(YKL_FICTION, CLASSIC, THEMA_CLASSIC),
         published=dt.date(2017, 3, 1), pages=368, copies=5,
         description="Seven orphaned brothers flee the parish school for the forest of Impivaara."),
    dict(title="Die sieben Brüder", language="ger", contributors=(_a("Aleksis Kivi", "Kivi, Aleksis"),
         _c("B06", "Gustav Schmidt", "Schmidt, Gustav")), subjects=(YKL_FICTION, THEMA_CLASSIC),
         published=dt.date(2019, 5, 14), pages=402, publisher="Nordlicht Verlag",
         description="Der finnische Nationalroman: sieben Brüder zwischen Wald und Dorfschule."),
    dict(title="Seitsemän veljestä", language="fin", isbn=SHARED_ISBNS["seitseman-veljesta"],
         contributors=(_a("Aleksis Kivi", "Kivi, Aleksis"),), subjects=(YKL_FINNISH, CLASSIC, THEMA_CLASSIC),
         published=dt.date(2014, 10, 10), pages=389,
         description="Jukolan seitsemän veljestä pakenevat lukkarin aapiskoulua Impivaaran korpeen."),
    dict(title_prefix="The", title="Tales of Ensign Stål", language="eng",
         contributors=(_a("Johan Ludvig Runeberg", "Runeberg, Johan Ludvig"),
                       _c("B06", "Charles Wharton Stork", "Stork, Charles Wharton")),
         subjects=(YKL_POETRY, THEMA_POETRY), published=dt.date(2018, 2, 5), pages=212,
         description="Ballads of the Finnish War of 1808–1809, told by an old veteran."),
    dict(title="Fänrik Ståls sägner", language="swe", isbn=SHARED_ISBNS["fanrik-stals-sagner"],
         contributors=(_a("Johan Ludvig Runeberg", "Runeberg, Johan Ludvig"),), subjects=(YKL_POETRY, CLASSIC),
         published=dt.date(2015, 2, 5), pages=230, publisher="Svenska klassiker",
         description="Runebergs dikter om finska kriget 1808–1809."),
    dict(title="Canute Whistlewinks and Other Stories", language="eng", audience="02",
         contributors=(_a("Zacharias Topelius", "Topelius, Zacharias"), _c("B06", "C. W. Foss", "Foss, C. W."),
                       _c("A12", "Frank McIntosh", "McIntosh, Frank")),
         subjects=(YKL_FICTION, THEMA_CHILDREN), published=dt.date(2016, 11, 1), pages=186,
         description="Fairy tales from Finland for children, with the original illustrations."),
    dict(title="Boken om vårt land", language="swe", isbn=SHARED_ISBNS["boken-om-vart-land"],
         contributors=(_a("Zacharias Topelius", "Topelius, Zacharias"),), subjects=(CLASSIC,),
         published=dt.date(2013, 4, 1), pages=450, publisher="Svenska klassiker", audience="02",
         description="Läsebok för de lägsta läroverken i Finland."),
    dict(title="Dikter", language="swe", isbn=SHARED_ISBNS["dikter"],
         contributors=(_a("Edith Södergran", "Södergran, Edith"),), subjects=(YKL_POETRY, THEMA_POETRY),
         published=dt.date(2016, 4, 4), pages=96, publisher="Svenska klassiker",
         description="Södergrans debut från 1916, modernismens genombrott i Norden."),
    dict(title="Collected Poems", language="eng",
         contributors=(_a("Edith Södergran", "Södergran, Edith"), _c("B06", "David McDuff", "McDuff, David")),
         subjects=(YKL_POETRY, THEMA_POETRY), published=dt.date(2020, 9, 1), pages=210,
         description="The complete poems of the Finland-Swedish modernist in English."),
    dict(title="Whitsongs", language="eng",
         contributors=(_a("Eino Leino", "Leino, Eino"), _c("B06", "Keith Bosley", "Bosley, Keith")),
         subjects=(YKL_POETRY,), published=dt.date(2019, 6, 1), pages=88,
         description="Leino's Helkavirsiä, ballads in the metre of the Kalevala."),
    dict(title="Anna Liisa", language="eng", subtitle="A Play in Four Acts",
         contributors=(_a("Minna Canth", "Canth, Minna"),), subjects=(YKL_FICTION,),
         published=dt.date(2018, 3, 19), pages=120, description="A young woman's hidden past comes to light."),
    dict(title="Pride and Prejudice", language="eng", isbn=SHARED_ISBNS["pride-and-prejudice"],
         contributors=(_a("Jane Austen", "Austen, Jane"),),
         subjects=(YKL_FICTION, CLASSIC, THEMA_CLASSIC), published=dt.date(2012, 1, 28), pages=432, copies=8,
         description="Elizabeth Bennet meets the proud Mr Darcy."),
    dict(title="Pride and Prejudice", language="eng", medium="audiobook",
         contributors=(_a("Jane Austen", "Austen, Jane"), _c("E07", "Emma Reed", "Reed, Emma")),
         subjects=(YKL_FICTION, THEMA_CLASSIC), published=dt.date(2021, 1, 28), duration_seconds=11 * 3600 + 35 * 60,
         description="The unabridged novel, read in full."),
    dict(title="Ylpeys ja ennakkoluulo", language="fin", medium="audiobook",
         contributors=(_a("Jane Austen", "Austen, Jane"), _c("B06", "Kersti Bergroth", "Bergroth, Kersti"),
                       _c("E07", "Ulla Lehtinen", "Lehtinen, Ulla")),
         subjects=(YKL_FICTION, CLASSIC), published=dt.date(2022, 5, 2), duration_seconds=12 * 3600 + 2 * 60,
         description="Elizabeth Bennet ja ylpeä herra Darcy – klassikko äänikirjana."),
    dict(title="Emma", language="eng", contributors=(_a("Jane Austen", "Austen, Jane"),),
         subjects=(YKL_FICTION, THEMA_CLASSIC), published=dt.date(2012, 12, 23), pages=474,
         description="Handsome, clever and rich, Emma Woodhouse meddles in the love lives of others."),
    dict(title="Great Expectations", language="eng", contributors=(_a("Charles Dickens", "Dickens, Charles"),),
         subjects=(YKL_FICTION, THEMA_CLASSIC), published=dt.date(2013, 8, 1), pages=544,
         description="The orphan Pip and his mysterious benefactor."),
    dict(title_prefix="A", title="Christmas Carol", language="eng", medium="audiobook",
         contributors=(_a("Charles Dickens", "Dickens, Charles"), _c("E07", "Tom Hale", "Hale, Tom")),
         subjects=(YKL_FICTION, THEMA_CLASSIC), published=dt.date(2020, 12, 1), duration_seconds=3 * 3600 + 8 * 60,
         description="Ebenezer Scrooge is visited by three spirits on Christmas Eve."),
    dict(title="Oliver Twist", language="swe", contributors=(_a("Charles Dickens", "Dickens, Charles"),
         _c("B06", "Ernst Lundquist", "Lundquist, Ernst")), subjects=(YKL_FICTION,),
         published=dt.date(2015, 9, 9), pages=520, publisher="Svenska klassiker",
         description="Den föräldralöse Oliver i Londons undre värld."),
    dict(title="War and Peace", language="eng", contributors=(_a("Leo Tolstoy", "Tolstoy, Leo"),
         _c("B06", "Louise Maude", "Maude, Louise"), _c("B06", "Aylmer Maude", "Maude, Aylmer")),
         subjects=(YKL_FICTION, THEMA_CLASSIC), published=dt.date(2014, 1, 1), pages=1392, copies=2,
         description="Russia in the Napoleonic wars, through five aristocratic families."),
    dict(title="Anna Karenina", language="eng", contributors=(_a("Leo Tolstoy", "Tolstoy, Leo"),
         _c("B06", "Constance Garnett", "Garnett, Constance")), subjects=(YKL_FICTION, THEMA_CLASSIC),
         published=dt.date(2014, 6, 1), pages=864, description="Happy families are all alike."),
    dict(title_prefix="The", title="Adventures of Tom Sawyer", language="eng", audience="02",
         contributors=(_a("Mark Twain", "Twain, Mark"),), subjects=(YKL_FICTION, THEMA_CHILDREN),
         published=dt.date(2011, 7, 4), pages=274, description="Tom whitewashes a fence and finds a treasure."),
    dict(title="Adventures of Huckleberry Finn", language="eng", medium="audiobook",
         contributors=(_a("Mark Twain", "Twain, Mark"), _c("E07", "Sam Walker", "Walker, Sam")),
         subjects=(YKL_FICTION, THEMA_CLASSIC), published=dt.date(2019, 2, 18), duration_seconds=10 * 3600 + 41 * 60,
         description="Huck and Jim raft down the Mississippi."),
    dict(title="Tom Sawyerin seikkailut", language="fin", audience="02",
         contributors=(_a("Mark Twain", "Twain, Mark"), _c("B06", "Yrjö Kivimies", "Kivimies, Yrjö")),
         subjects=(YKL_FICTION, THEMA_CHILDREN), published=dt.date(2016, 5, 5), pages=260,
         description="Tom Sawyerin ja Huck Finnin seikkailut Mississippin rannalla."),
    dict(title="Les Misérables", language="fre", contributors=(_a("Victor Hugo", "Hugo, Victor"),),
         subjects=(YKL_FICTION, THEMA_CLASSIC), published=dt.date(2013, 3, 1), pages=1900,
         publisher="Éditions Boréales",
         description="Jean Valjean, forçat libéré, et l'inspecteur Javert."),
    dict(title="Madame Bovary", language="fre", contributors=(_a("Gustave Flaubert", "Flaubert, Gustave"),),
         subjects=(YKL_FICTION,), published=dt.date(2015, 4, 15), pages=480, publisher="Éditions Boréales",
         description="Emma Bovary rêve d'une autre vie."),
    dict(title="Don Quijote de la Mancha", language="spa",
         contributors=(_a("Miguel de Cervantes", "Cervantes, Miguel de"),), subjects=(YKL_FICTION, THEMA_CLASSIC),
         published=dt.date(2016, 4, 23), pages=1250, publisher="Ediciones Aurora",
         description="El ingenioso hidalgo y su escudero Sancho Panza."),
    dict(title="Die Verwandlung", language="ger", contributors=(_a("Franz Kafka", "Kafka, Franz"),),
         subjects=(YKL_FICTION, THEMA_CLASSIC), published=dt.date(2015, 10, 1), pages=72, publisher="Nordlicht Verlag",
         description="Gregor Samsa erwacht eines Morgens als Ungeziefer."),
    dict(title="Die Leiden des jungen Werthers", language="ger",
         contributors=(_a("Johann Wolfgang von Goethe", "Goethe, Johann Wolfgang von"),),
         subjects=(YKL_FICTION,), published=dt.date(2014, 9, 29), pages=160, publisher="Nordlicht Verlag",
         series="Nordlicht Klassiker", series_number="4", description="Briefe eines unglücklich Verliebten."),
)  # fmt: skip

_FIRST = ("Anna", "Erik", "Sofia", "Lukas", "Maria", "Jonas", "Clara", "Mateo", "Elsa", "Hugo", "Ingrid",
          "Pablo", "Lea", "Oskar", "Camille", "Aino", "Nils", "Lucía", "Felix", "Ida")  # fmt: skip
_LAST = ("Berg", "Lindqvist", "Moreau", "García", "Schneider", "Novak", "Holm", "Rossi", "Virtanen", "Dupont",
         "Weber", "Sandberg", "Fernández", "Keller", "Lund", "Marino", "Nyström", "Richter", "Blanc",
         "Ortega")  # fmt: skip
_WORDS = {
    "eng": (("The Silent", "The Last", "A Northern", "The Hidden", "The Winter", "The Glass"),
            ("Harbour", "Garden", "Letter", "Island", "Forest", "Station", "Summer", "Lighthouse")),
    "ger": (("Der stille", "Der letzte", "Der verborgene", "Der gläserne"), ("Hafen", "Garten", "Brief", "Wald")),
    "fre": (("Le dernier", "Le silence du", "Le jardin du", "L'hiver du"), ("port", "phare", "village", "fleuve")),
    "spa": (("El último", "El silencio del", "El jardín del", "La sombra del"), ("puerto", "faro", "bosque", "río")),
    "swe": (("Den tysta", "Den sista", "Den dolda", "Den norra"), ("hamnen", "trädgården", "ön", "skogen")),
    "fin": (("Hiljainen", "Viimeinen", "Kätketty", "Pohjoinen"), ("satama", "puutarha", "saari", "metsä")),
}  # fmt: skip
_LANGUAGES = ("eng", "eng", "eng", "ger", "fre", "spa", "swe", "fin")
_GENRES = (
    (("93", "FBA", "Modern and contemporary fiction"), ("66", "84.2", "Vieraskielinen kaunokirjallisuus"), "01"),
    (("93", "FF", "Crime and mystery fiction"), ("69", "dekkarit", "dekkarit"), "01"),
    (("93", "FM", "Fantasy"), ("71", "p6048", "fantasiakirjallisuus"), "01"),
    (("93", "YFB", "Children's / Teenage fiction: General"), ("69", "lastenkirjallisuus", "lastenkirjallisuus"), "02"),
    (("93", "YFA", "Children's / Teenage fiction: Classic fiction"), ("69", "nuortenkirjallisuus", "nuoret"), "03"),
    (("93", "FR", "Romance"), ("69", "rakkausromaanit", "rakkausromaanit"), "01"),
)
_PUBLISHERS = ("Northlight Digital", "Nordlicht Verlag", "Éditions Boréales", "Ediciones Aurora", "Borealis Audio")
_SERIES = ("Harbour Mysteries", "The Lindqvist Files", "Nordlicht Krimi", "Chroniques du Nord")


class Catalogue:
    """``size`` products: the classics first, then titles generated from ``seed``."""

    def __init__(self, size=500, seed=7):
        self.size = max(int(size), 0)
        self.seed = int(seed)
        self._classics = [self._classic(index, fields) for index, fields in enumerate(_CLASSICS)]

    def __len__(self):
        return self.size

    def __iter__(self):
        for index in range(self.size):
            yield self.product(index)

    def product(self, index):
        """Product number ``index`` (0 ≤ index < size)."""
        if index < len(self._classics):
            return self._classics[index]
        return self._generated(index)

    def get(self, key):
        """The product with this key, or None."""
        index = key_index(key)
        if index is None or index >= self.size:
            return None
        return self.product(index)

    @staticmethod
    def _classic(index, fields):
        fields = dict(fields)
        fields.setdefault("isbn", isbn13(f"97819{index:07d}"))
        return Product(key=_key(index), **fields)

    def _generated(self, index):
        mix = (index * 2654435761 + self.seed * 40503) & 0xFFFFFFFF
        language = _LANGUAGES[mix % len(_LANGUAGES)]
        first_words, second_words = _WORDS[language]
        title = f"{first_words[(mix >> 3) % len(first_words)]} {second_words[(mix >> 7) % len(second_words)]}"
        author_first = _FIRST[(mix >> 11) % len(_FIRST)]
        author_last = _LAST[(mix >> 15) % len(_LAST)]
        contributors = [("A01", f"{author_first} {author_last}", f"{author_last}, {author_first}")]
        genre = _GENRES[(mix >> 19) % len(_GENRES)]
        audio = mix % 4 == 1
        if audio:
            narrator_first, narrator_last = _FIRST[(mix >> 5) % len(_FIRST)], _LAST[(mix >> 9) % len(_LAST)]
            contributors.append(("E07", f"{narrator_first} {narrator_last}", f"{narrator_last}, {narrator_first}"))
        in_series = mix % 5 == 0
        return Product(
            key=_key(index),
            isbn=isbn13(f"97819{index:07d}"),
            title=f"{title} {index}",
            language=language,
            contributors=tuple(contributors),
            medium="audiobook" if audio else "ebook",
            series=_SERIES[(mix >> 13) % len(_SERIES)] if in_series else None,
            series_number=str(1 + (mix >> 17) % 12) if in_series else None,
            publisher=_PUBLISHERS[(mix >> 21) % len(_PUBLISHERS)],
            published=dt.date(1995 + (mix >> 8) % 30, 1 + (mix >> 12) % 12, 1 + (mix >> 16) % 28),
            subjects=genre[:2],
            audience=genre[2],
            description=f"{title}: a generated sandbox title by {author_first} {author_last}, number {index}.",
            pages=None if audio else 120 + (mix >> 6) % 500,
            duration_seconds=(3 * 3600 + (mix >> 6) % 36000) if audio else None,
            copies=1 + (mix >> 23) % 4,
        )
