"""Text analysis for the search index: words, their lemmas and stems, and diacritic-folded variants.

A record is analysed in its own language; a query in Finnish, Swedish and English at once, because
a patron's query says nothing about its language. Both sides produce the same kinds of forms
(surface, lemmas, Snowball stem), so an inflected query finds a base form and the other way round:
"kissojen" → "kissa", "Virtasen" → "virtanen", "boken" → "bok".

Finnish lemmas come from Voikko (``libvoikko1`` and ``voikko-fi`` from Debian, through the ``libvoikko``
ctypes binding) when the native library and its Finnish dictionary load, as in the Finnish library
discovery layers: every reading's base form ("veljestä" → "veli", "veljes"), and for records the parts of
a compound ("kesäloma" → "kesä", "loma"). Without it, and for words Voikko does not know, simplemma gives
one lemma. Swedish and English lemmas are simplemma's; its large Finnish and Swedish dictionaries are
searched compressed rather than unpacked into memory (see ``_Dictionaries``). Index and query must use
the same analyser: run ``ebiblio reindex`` after installing or removing Voikko.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata

import Stemmer
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory, DictionaryFactory, StreamDictionaryFactory
from stdnum import isbn as isbn_numbers

log = logging.getLogger(__name__)

# Languages whose lemmas and stems a query is expanded with.
QUERY_LANGUAGES = ("fi", "sv", "en")
LEMMA_LANGUAGES = frozenset(QUERY_LANGUAGES)
STEMMERS = {
    "fi": "finnish",
    "sv": "swedish",
    "en": "english",
    "da": "danish",
    "nb": "norwegian",
    "no": "norwegian",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "ru": "russian",
    "et": "estonian",
}
MAX_WORD = 60
# Bounds of the word caches: together some tens of MB at most, however large the catalogue.
WORD_CACHE = 100_000
# A compound's parts in Voikko's WORDBASES, "+kesä(kesä)+loma(loma)"; a derivation's part starts with "+".
WORD_BASE = re.compile(r"\+[^+(]*\(([^+)][^)]*)\)")
WORD = re.compile(r"[^\W_]+")
ISBN_LIKE = re.compile(r"(?<![\w-])(?:97[89][- ]?)?\d[\d -]{7,15}[\dXx](?![\w-])")
# Letters NFKD does not take apart.
FOLD_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"})


def normalise(text):
    """Unicode-normalised and case-folded text: what every comparison starts from."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).casefold())


def words(text):
    """The words of ``text``, normalised; ISBNs written with hyphens become one 13-digit word."""
    if not text:
        return []
    text = ISBN_LIKE.sub(_isbn_word, text)
    return [word[:MAX_WORD] for word in WORD.findall(normalise(text))]


def _isbn_word(match):
    raw = match.group(0)
    if isbn_numbers.is_valid(raw):
        return " " + isbn_numbers.to_isbn13(isbn_numbers.compact(raw)) + " "
    return raw


@functools.lru_cache(maxsize=WORD_CACHE)
def fold(word):
    """``word`` without diacritics: "äiti" → "aiti", "på" → "pa", "søren" → "soren"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(FOLD_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=16)
def _stemmer(language):
    algorithm = STEMMERS.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


# simplemma's dictionaries that are unpacked into memory; the others are read compressed, block by block.
UNPACKED = frozenset({"en"})


class _Dictionaries(DictionaryFactory):
    """simplemma's dictionaries of fi, sv and en only: the large Finnish (about 380 MB unpacked) and Swedish
    (about 100 MB) ones stay compressed and are searched on demand, the small English one is unpacked."""

    def __init__(self):
        self.compressed = StreamDictionaryFactory(cache_max_size=2)
        self.unpacked = DefaultDictionaryFactory(cache_max_size=1)

    def get_dictionary(self, lang):
        if lang not in LEMMA_LANGUAGES:
            raise ValueError(f"no lemmas for {lang!r} here")
        return (self.unpacked if lang in UNPACKED else self.compressed).get_dictionary(lang)


@functools.cache
def _lemmatizer():
    # The word caches below are the bound; simplemma's own cache is kept small.
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_Dictionaries()), cache_max_size=1024)


class _Voikko:
    """Voikko's Finnish analyser behind a lock: one libvoikko handle must not be used by two threads at once."""

    def __init__(self, handle):
        self.handle = handle
        self.lock = threading.Lock()

    def analyse(self, word):
        """(base forms of every reading, parts of the first compound reading) of ``word``."""
        with self.lock:
            readings = self.handle.analyze(word)
        bases, parts = [], ()
        for reading in readings:
            if reading.get("BASEFORM"):
                bases.append(normalise(reading["BASEFORM"]))
            found = WORD_BASE.findall(reading.get("WORDBASES", ""))
            if not parts and len(found) > 1:
                parts = tuple(normalise(part) for part in found)
        return tuple(dict.fromkeys(bases)), parts


@functools.cache
def voikko():
    """The Finnish Voikko analyser, or None when libvoikko or its Finnish dictionary is not installed."""
    try:
        import libvoikko

        return _Voikko(libvoikko.Voikko("fi"))
    except Exception as error:  # noqa: BLE001 - a missing library, dictionary or binding: fall back
        log.info("Voikko is not available (%s); Finnish lemmas come from simplemma", error)
        return None


def finnish_analyser():
    """Which analyser gives Finnish lemmas here: "voikko" or "simplemma"."""
    return "voikko" if voikko() is not None else "simplemma"


@functools.lru_cache(maxsize=WORD_CACHE)
def _voikko_analysis(word):
    return voikko().analyse(word)


@functools.lru_cache(maxsize=WORD_CACHE)
def lemmas(word, language):
    """The dictionary forms of ``word`` in ``language`` (the word itself when unknown), most likely first."""
    if language not in LEMMA_LANGUAGES or word.isdigit():
        return (word,)
    if language == "fi" and voikko() is not None:
        bases, _parts = _voikko_analysis(word)
        if bases:
            return bases
    return (normalise(_lemmatizer().lemmatize(word, lang=language)),)


def compound_parts(word, language):
    """The parts of a Finnish compound ("kesäloma" → "kesä", "loma"); none without Voikko."""
    if language != "fi" or word.isdigit() or voikko() is None:
        return ()
    return _voikko_analysis(word)[1]


@functools.lru_cache(maxsize=WORD_CACHE)
def stem(word, language):
    """The Snowball stem of ``word`` in ``language`` (the word itself when there is no stemmer)."""
    stemmer = _stemmer(language)
    if stemmer is None or word.isdigit():
        return word
    return stemmer.stemWord(word)


@functools.lru_cache(maxsize=WORD_CACHE)
def record_forms(word, language):
    """The forms a record's word is indexed under: lemmas, stem and compound parts in the record's language."""
    forms = [*lemmas(word, language), stem(word, language), *compound_parts(word, language)]
    return tuple(dict.fromkeys(form for form in forms if len(form) > 1 and form != word))


@functools.lru_cache(maxsize=50_000)
def query_forms(word):
    """The forms a query word may match: itself, and its lemmas and stems in every query language."""
    forms = [word]
    for language in QUERY_LANGUAGES:
        forms.extend(lemmas(word, language))
        forms.append(stem(word, language))
    return tuple(dict.fromkeys(form for form in forms if form == word or len(form) > 1))


@functools.lru_cache(maxsize=50_000)
def folded_query_forms(word):
    """The forms a query word without its diacritics may match in the folded column."""
    plain = fold(word)
    forms = [plain]
    for language in QUERY_LANGUAGES:
        forms.append(fold(stem(plain, language)))
    return tuple(dict.fromkeys(form for form in forms if form == plain or len(form) > 1))


def analyse_field(text, language):
    """(surface words, other forms) of one field of a record, each without repeats."""
    surface = list(dict.fromkeys(words(text)))
    forms = []
    for word in surface:
        forms.extend(record_forms(word, language))
    return surface, list(dict.fromkeys(form for form in forms if form not in surface))


def folded(tokens):
    """The diacritic-folded variants of ``tokens``, each once."""
    return list(dict.fromkeys(fold(token) for token in tokens))
