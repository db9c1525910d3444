"""The sandbox vendor's periodicals and their issues, generated deterministically.

Twelve hand-written periodicals (invented names) come first; a larger size
adds generated ones from a seed so a benchmark can reach any volume.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import random
import zlib

WEEKLY = "weekly"
BIWEEKLY = "biweekly"
MONTHLY = "monthly"
BIMONTHLY = "bimonthly"


@dataclasses.dataclass(frozen=True, slots=True)
class Periodical:
    """One magazine title the vendor carries."""

    id: str
    title: str
    language: str
    publisher: str
    subjects: tuple[str, ...]
    audience: str
    description: str
    frequency: str
    # Weekday (0 = Monday) for weeklies, day of month for monthlies.
    release_day: int
    # Monthlies that print July and August as one double issue.
    summer_double: bool = False
    issn: str = ""
    # Article titles the table of contents is drawn from.
    articles: tuple[str, ...] = ()
    colour: str = "#1d4e89"


@dataclasses.dataclass(slots=True)
class Issue:
    """One dated issue of a periodical, as compact as the benchmark needs it to be."""

    id: str
    periodical: Periodical
    date: dt.date
    name: str
    modified: dt.datetime
    page_count: int

    @property
    def order_key(self):
        return (self.modified, self.id)


_FI_GENERAL = (
    "Kesämökin uusi elämä",
    "Näin saat unesi takaisin",
    "Kylä, joka päätti jäädä",
    "Lukijan ristikko ja arvoitukset",
    "Viikon ruoka: uunilohi ja juurekset",
    "Muistatko vielä lankapuhelimen?",
    "Sukututkijan ensimmäiset askeleet",
    "Haastattelussa kapellimestari",
    "Lähiruokaa torilta",
    "Kotimaan matkailun helmet",
    "Terveys: liiku vähän mutta usein",
    "Lukijoiden kuvat",
)
_FI_SCIENCE = (
    "Mitä mustan aukon varjo kertoo",
    "Suomen soiden hiilivarasto",
    "Tekoäly ja kielen oppiminen",
    "Rokotteiden pitkä historia",
    "Kuinka lintu löytää kotiin",
    "Avaruussää ja sähköverkot",
    "Jäätiköiden ääni",
    "Geenisakset pellolla",
    "Unen biologia",
    "Kvanttitietokone selitettynä",
)
_SV_WEEKLY = (
    "Skärgårdens nya vardag",
    "Veckans intervju: en bibliotekarie i Vasa",
    "Kulturhösten i Helsingfors",
    "Så firar vi midsommar i år",
    "Insändare och debatt",
    "Veckans recept: laxsoppa",
    "Bokrecensioner",
    "Korsord och hjärngympa",
    "Finlandssvensk musik i blickfånget",
    "Resa: längs Kustvägen",
)
_FI_COMIC = (
    "Menninkäiset ja kadonnut kartta",
    "Peikkopojat rakentavat lautan",
    "Värityskuva: syksyn metsä",
    "Pulmasivu ja piilokuvat",
    "Lukijoiden piirustukset",
    "Jatkosarja: Avaruusmyyrä",
    "Vitsinurkka",
    "Tee itse: paperilyhty",
)
_FI_COOKING = (
    "Sienikastike kolmella tavalla",
    "Arjen nopeat keitot",
    "Leipominen: ruisleivän salat",
    "Kasvisruokaa koko perheelle",
    "Juhlapöydän jälkiruoat",
    "Viikon menu alle 50 eurolla",
    "Marjat pakastimesta",
    "Kauden kala: muikku",
)
_EN_MONTHLY = (
    "The Long Road North",
    "Design Notes from Helsinki",
    "Why Saunas Matter",
    "Interview: A Finnish Composer Abroad",
    "The Archipelago in Winter",
    "Startups Beyond the Capital",
    "Reading the Kalevala Today",
    "Travel: Lapland by Night Train",
)
_SV_NATURE = (
    "Ejdrarna återvänder",
    "Att bygga en brygga",
    "Sälarnas vinter",
    "Skärgårdsbåtar förr och nu",
    "Fiskelyckan i Kvarken",
    "Öarnas gamla byar",
    "Vandring på Jurmo",
)
_FI_YOUNG = (
    "Peliarvio: syksyn odotetuimmat",
    "Näin pääset alkuun e-urheilussa",
    "Bändihaastattelu",
    "Kesätyö ensimmäistä kertaa",
    "Sarjakuvanpiirtäjän työpöydällä",
    "Kysy mitä vain: nuorten palsta",
)
_FI_GARDEN = (
    "Perennapenkin perustaminen",
    "Omenapuun leikkaus",
    "Kompostin kymmenen käskyä",
    "Parvekeviljelijän kesä",
    "Tomaatit taimesta satoon",
    "Pihan linnut talvella",
)
_FI_HISTORY = (
    "Turun palo 1827",
    "Hansakauppiaat Suomen rannikolla",
    "Kartanoiden arki 1800-luvulla",
    "Kansakoulun synty",
    "Rautatie tulee Ouluun",
    "Kalevalan kerääjät",
)
_SV_CHILDREN = (
    "Lilla björnen och snön",
    "Pyssel: gör en fågelholk",
    "Vem bor i skogen?",
    "Serie: Rymdkatten",
    "Roliga frågor",
    "Rita och måla",
)
_FI_OUTDOORS = (
    "Syysretki Kolille",
    "Kalastajan solmut",
    "Laavun rakentaminen",
    "Retkikeittimen valinta",
    "Hirvimetsällä",
    "Melontareitit Saimaalla",
)

HAND_WRITTEN = (
    Periodical(
        id="kuvaviikko",
        title="Kotimaan Kuvaviikko",
        language="fi",
        publisher="Kustannus Oy Iltarusko",
        subjects=("yleisaikakauslehdet", "ajankohtaiset asiat", "kulttuuri"),
        audience="adults",
        description="Viikoittainen yleisaikakauslehti: ihmisiä, ilmiöitä ja arkea eri puolilta Suomea.",
        frequency=WEEKLY,
        release_day=2,
        articles=_FI_GENERAL,
        colour="#b22222",
    ),
    Periodical(
        id="tiedeikkuna",
        title="Tiedeikkuna",
        language="fi",
        publisher="Tietotalo Oy",
        subjects=("luonnontieteet", "tekniikka", "tiede"),
        audience="adults",
        description="Tiedelehti, joka kertoo tutkimuksen uutiset selkeästi ja kuvin.",
        frequency=MONTHLY,
        release_day=10,
        summer_double=True,
        articles=_FI_SCIENCE,
        colour="#0b3d91",
    ),
    Periodical(
        id="kustbladet",
        title="Kustbladet Veckoslut",
        language="sv",
        publisher="Kustens Tidningar Ab",
        subjects=("nyheter", "kultur", "samhälle"),
        audience="adults",
        description="Finlandssvensk veckotidning med reportage, kultur och debatt från kusten.",
        frequency=WEEKLY,
        release_day=5,
        articles=_SV_WEEKLY,
        colour="#005b99",
    ),
    Periodical(
        id="menninkaissarjat",
        title="Menninkäissarjat",
        language="fi",
        publisher="Kustannus Oy Pikkuväki",
        subjects=("sarjakuvat", "lastenlehdet"),
        audience="children",
        description="Lasten sarjakuvalehti täynnä seikkailuja, pulmia ja värityskuvia.",
        frequency=WEEKLY,
        release_day=3,
        articles=_FI_COMIC,
        colour="#f28c28",
    ),
    Periodical(
        id="kattaus",
        title="Keittiön Kattaus",
        language="fi",
        publisher="Makukirjat Oy",
        subjects=("ruoanvalmistus", "reseptit", "leivonta"),
        audience="adults",
        description="Ruokalehti: kauden reseptit, arjen ateriat ja juhlan herkut.",
        frequency=MONTHLY,
        release_day=15,
        articles=_FI_COOKING,
        colour="#6b8e23",
    ),
    Periodical(
        id="nordic-outlook",
        title="Nordic Outlook",
        language="en",
        publisher="Boreal Media Ltd",
        subjects=("culture", "travel", "society"),
        audience="adults",
        description="An English-language monthly on life, design and ideas in Finland and the Nordic countries.",
        frequency=MONTHLY,
        release_day=1,
        articles=_EN_MONTHLY,
        colour="#2f4f4f",
    ),
    Periodical(
        id="skargardsliv",
        title="Skärgårdsliv",
        language="sv",
        publisher="Ö-förlaget Ab",
        subjects=("natur", "skärgården", "friluftsliv"),
        audience="adults",
        description="Tidningen om livet, naturen och båtarna i den finländska skärgården.",
        frequency=BIMONTHLY,
        release_day=20,
        articles=_SV_NATURE,
        colour="#4682b4",
    ),
    Periodical(
        id="pelikentta",
        title="Pelikenttä",
        language="fi",
        publisher="Nuori Media Oy",
        subjects=("pelit", "musiikki", "nuoret"),
        audience="young",
        description="Nuorten lehti peleistä, musiikista ja kaikesta mikä kiinnostaa.",
        frequency=MONTHLY,
        release_day=25,
        articles=_FI_YOUNG,
        colour="#8a2be2",
    ),
    Periodical(
        id="puutarhan-aika",
        title="Puutarhan Aika",
        language="fi",
        publisher="Viherkustannus Oy",
        subjects=("puutarhanhoito", "kasvit", "piha"),
        audience="adults",
        description="Puutarhalehti kotipihan hoitajille ja parvekeviljelijöille.",
        frequency=MONTHLY,
        release_day=8,
        summer_double=True,
        articles=_FI_GARDEN,
        colour="#228b22",
    ),
    Periodical(
        id="menneisyyden-polut",
        title="Menneisyyden Polut",
        language="fi",
        publisher="Historiallinen Kustannus Oy",
        subjects=("historia", "Suomen historia", "kulttuurihistoria"),
        audience="adults",
        description="Historialehti Suomen ja Pohjolan menneisyydestä.",
        frequency=BIMONTHLY,
        release_day=12,
        articles=_FI_HISTORY,
        colour="#8b4513",
    ),
    Periodical(
        id="knattetidningen",
        title="Knattetidningen",
        language="sv",
        publisher="Barnförlaget Ab",
        subjects=("barntidningar", "pyssel", "serier"),
        audience="children",
        description="Tidning för barn med serier, pyssel och berättelser.",
        frequency=MONTHLY,
        release_day=5,
        articles=_SV_CHILDREN,
        colour="#ff6347",
    ),
    Periodical(
        id="erapolku",
        title="Eräpolku",
        language="fi",
        publisher="Retkikustannus Oy",
        subjects=("retkeily", "kalastus", "metsästys"),
        audience="adults",
        description="Retkeilyn, kalastuksen ja luonnossa liikkumisen erikoislehti.",
        frequency=BIWEEKLY,
        release_day=1,
        articles=_FI_OUTDOORS,
        colour="#556b2f",
    ),
)

# Word stock for generated periodicals: (prefix, subjects) per language, and suffixes.
_GENERATED = {
    "fi": (
        (
            ("Koti", ("asuminen", "sisustus")),
            ("Luonto", ("luonto", "ympäristö")),
            ("Tekniikka", ("tekniikka",)),
            ("Matka", ("matkailu",)),
            ("Terveys", ("terveys", "liikunta")),
            ("Talous", ("talous", "raha")),
            ("Musiikki", ("musiikki",)),
            ("Urheilu", ("urheilu",)),
            ("Historia", ("historia",)),
            ("Kulttuuri", ("kulttuuri", "taide")),
            ("Auto", ("autot",)),
            ("Vene", ("veneily",)),
            ("Lemmikki", ("lemmikit", "eläimet")),
            ("Kirja", ("kirjallisuus",)),
        ),
        ("lehti", "maailma", "sanomat", "viesti", "posti", "uutiset"),
        ("Pohjanmaa", "Savo", "Karjala", "Häme", "Lappi", "Uusimaa", "Satakunta", "Kainuu"),
        _FI_GENERAL,
    ),
    "sv": (
        (
            ("Hem", ("boende", "inredning")),
            ("Natur", ("natur", "miljö")),
            ("Teknik", ("teknik",)),
            ("Resor", ("resor",)),
            ("Hälsa", ("hälsa", "motion")),
            ("Ekonomi", ("ekonomi",)),
            ("Musik", ("musik",)),
            ("Idrott", ("idrott",)),
            ("Kultur", ("kultur", "konst")),
            ("Båt", ("båtar",)),
        ),
        ("bladet", "världen", "nytt", "posten", "magasinet"),
        ("Österbotten", "Åboland", "Nyland", "Åland", "Västnyland", "Östnyland"),
        _SV_WEEKLY,
    ),
    "en": (
        (
            ("Home", ("home", "interiors")),
            ("Nature", ("nature", "environment")),
            ("Tech", ("technology",)),
            ("Travel", ("travel",)),
            ("Health", ("health", "fitness")),
            ("Money", ("economics",)),
            ("Music", ("music",)),
            ("Culture", ("culture", "art")),
        ),
        (" Review", " Journal", " Today", " Digest", " Quarterly"),
        ("North", "Baltic", "Nordic", "Arctic"),
        _EN_MONTHLY,
    ),
}
_PUBLISHERS = ("Aikakauskustannus Oy", "Lehtitalo Oy", "Förlaget Kusten Ab", "Pohjoinen Media Oy", "Boreal Media Ltd")
_COLOURS = ("#1d4e89", "#b22222", "#2e8b57", "#8b008b", "#d2691e", "#4b0082", "#008080", "#a0522d")


def issn_for(number):
    """A well-formed ISSN (with its check digit) made from a number."""
    digits = f"{number % 10_000_000:07d}"
    total = sum(int(digit) * weight for digit, weight in zip(digits, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return f"{digits[:4]}-{digits[4:]}{'X' if check == 10 else check}"


def make_periodicals(size, seed=2026):
    """Return ``size`` periodicals: the hand-written ones, then generated ones from ``seed``."""
    periodicals = [dataclasses.replace(p, issn=issn_for(1_239_000 + n * 97)) for n, p in enumerate(HAND_WRITTEN)]
    periodicals = periodicals[:size]
    rng = random.Random(seed)
    for index in range(len(periodicals), size):
        language = rng.choices(("fi", "sv", "en"), weights=(7, 2, 1))[0]
        prefixes, suffixes, regions, articles = _GENERATED[language]
        prefix, subjects = rng.choice(prefixes)
        name = f"{prefix}{rng.choice(suffixes)} {rng.choice(regions)}"
        frequency = rng.choices((WEEKLY, BIWEEKLY, MONTHLY, BIMONTHLY), weights=(3, 1, 5, 1))[0]
        release_day = rng.randrange(7) if frequency in (WEEKLY, BIWEEKLY) else rng.randrange(1, 28)
        periodicals.append(
            Periodical(
                id=f"p{index:06d}",
                title=name,
                language=language,
                publisher=rng.choice(_PUBLISHERS),
                subjects=subjects,
                audience="adults",
                description=f"{name}: {', '.join(subjects)}.",
                issn=issn_for(2_000_000 + index),
                frequency=frequency,
                release_day=release_day,
                summer_double=frequency == MONTHLY and rng.random() < 0.3,
                articles=articles,
                colour=rng.choice(_COLOURS),
            )
        )
    return periodicals


def add_months(day, months):
    """``day`` moved by whole months, clamped to the month's last day."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def issue_name(periodical, day):
    """The printed issue number, e.g. "12/2026" or the summer double "7-8/2026"."""
    if periodical.frequency in (WEEKLY, BIWEEKLY):
        year, week, _ = day.isocalendar()
        number = week if periodical.frequency == WEEKLY else (week + 1) // 2
        return f"{number}/{year}"
    if periodical.frequency == BIMONTHLY:
        return f"{(day.month + 1) // 2}/{day.year}"
    if periodical.summer_double and day.month == 7:
        return f"7-8/{day.year}"
    return f"{day.month}/{day.year}"


def release_dates(periodical, first, last):
    """The dates from ``first`` to ``last`` (inclusive) on which ``periodical`` came out."""
    if periodical.frequency in (WEEKLY, BIWEEKLY):
        day = first + dt.timedelta(days=(periodical.release_day - first.weekday()) % 7)
        while day <= last:
            if periodical.frequency == WEEKLY or day.isocalendar()[1] % 2 == 0:
                yield day
            day += dt.timedelta(days=7)
        return
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        day = month.replace(day=periodical.release_day)
        skipped = (periodical.frequency == BIMONTHLY and month.month % 2 == 0) or (
            periodical.summer_double and month.month == 8
        )
        if first <= day <= last and not skipped:
            yield day
        month = add_months(month, 1)


def released_at(day):
    """When an issue dated ``day`` reached the vendor (early morning, UTC)."""
    return dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC)


def make_issue(periodical, day, modified=None):
    """The issue of ``periodical`` dated ``day``; its page count follows from its id."""
    issue_id = f"{periodical.id}-{day:%Y%m%d}"
    page_count = 36 + 4 * (zlib.crc32(issue_id.encode()) % 20)
    return Issue(issue_id, periodical, day, issue_name(periodical, day), modified or released_at(day), page_count)


def table_of_contents(issue):
    """Four to six article titles for an issue, the same every time it is asked."""
    articles = issue.periodical.articles
    if not articles:
        return []
    # A checksum, not a random generator: the benchmark asks for 100,000 of these.
    mix = zlib.crc32(issue.id.encode())
    start, count = mix % len(articles), min(len(articles), 4 + (mix >> 8) % 3)
    return [articles[(start + 3 * n) % len(articles)] for n in range(count)]
