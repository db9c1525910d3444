"""Text analysis for the search index: words, their lemmas and stems, and diacritic-folded variants.

A record is analysed in its own language; a query in Finnish, Swedish and English at once, because
a patron's query says nothing about its language. Both sides produce the same kinds of forms
(surface, simplemma lemma, Snowball stem), so an inflected query finds a base form and the other
way round: "kissojen" → "kissa", "Virtasen" → "virtanen", "boken" → "bok".
"""

from __future__ import annotations

import functools
import re
import unicodedata

import simplemma
import Stemmer
from stdnum import isbn as isbn_numbers

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


@functools.lru_cache(maxsize=200_000)
def fold(word):
    """``word`` without diacritics: "äiti" → "aiti", "på" → "pa", "søren" → "soren"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(FOLD_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=16)
def _stemmer(language):
    algorithm = STEMMERS.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


@functools.lru_cache(maxsize=500_000)
def lemma(word, language):
    """The dictionary form of ``word`` in ``language`` (the word itself when unknown)."""
    if language not in LEMMA_LANGUAGES or word.isdigit():
        return word
    return normalise(simplemma.lemmatize(word, lang=language))


@functools.lru_cache(maxsize=500_000)
def stem(word, language):
    """The Snowball stem of ``word`` in ``language`` (the word itself when there is no stemmer)."""
    stemmer = _stemmer(language)
    if stemmer is None or word.isdigit():
        return word
    return stemmer.stemWord(word)


@functools.lru_cache(maxsize=500_000)
def record_forms(word, language):
    """The forms a record's word is indexed under: lemma and stem in the record's language."""
    forms = [lemma(word, language), stem(word, language)]
    return tuple(dict.fromkeys(form for form in forms if len(form) > 1 and form != word))


@functools.lru_cache(maxsize=50_000)
def query_forms(word):
    """The forms a query word may match: itself, and its lemmas and stems in every query language."""
    forms = [word]
    for language in QUERY_LANGUAGES:
        forms.append(lemma(word, language))
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
