"""Finnish lemmas from Voikko when libvoikko and voikko-fi are installed, and from simplemma when they are not."""

import sys

import pytest

from ebiblio_portal.search import analysis
from ebiblio_portal.values import SearchQuery

from .conftest import book, write

HAS_VOIKKO = analysis.voikko() is not None
needs_voikko = pytest.mark.skipif(
    not HAS_VOIKKO, reason="Voikko is not installed (Debian packages libvoikko1 and voikko-fi); simplemma is used"
)
CACHED = (
    analysis.voikko,
    analysis._voikko_analysis,
    analysis.lemmas,
    analysis.record_forms,
    analysis.query_forms,
    analysis.folded_query_forms,
)


def clear_caches():
    for function in CACHED:
        function.cache_clear()


@pytest.fixture
def without_voikko(monkeypatch):
    """The analysis as on a machine without the native library: importing the binding fails."""
    clear_caches()
    monkeypatch.setitem(sys.modules, "libvoikko", None)
    yield
    monkeypatch.undo()
    clear_caches()


def meets(query_word, record_word, language="fi"):
    record = {record_word, *analysis.record_forms(record_word, language)}
    return bool(record & set(analysis.query_forms(query_word)))


@needs_voikko
def test_voikko_is_the_finnish_analyser_when_installed():
    assert analysis.finnish_analyser() == "voikko"


@needs_voikko
@pytest.mark.parametrize(("query_word", "record_word"), [("veljeksen", "veljestä"), ("veljestä", "veljeksen")])
def test_voikko_joins_the_forms_simplemma_misses(query_word, record_word):
    assert meets(query_word, record_word)


@needs_voikko
def test_voikko_gives_every_reading_and_splits_compounds():
    assert {"veli", "veljes"} <= set(analysis.lemmas("veljestä", "fi"))
    assert {"kesä", "loma"} <= set(analysis.record_forms("kesälomalla", "fi"))
    assert analysis.compound_parts("rautatieasemalla", "fi") == ("rauta", "tie", "asema")
    assert analysis.compound_parts("talossa", "fi") == ()  # not a compound
    assert analysis.compound_parts("huset", "sv") == ()  # Finnish only


@needs_voikko
def test_a_word_voikko_does_not_know_falls_back_to_simplemma():
    assert analysis.lemmas("xyzzyn", "fi") == (analysis._lemmatizer().lemmatize("xyzzyn", lang="fi"),)


@needs_voikko
def test_a_part_of_a_compound_finds_the_record(dbsession, index, catalogue):
    ids = write(dbsession, "home", [book("loma", "Kesäloma saaristossa", "Eeva Salo")])
    index.update(dbsession, ids)
    dbsession.flush()
    assert index.search(dbsession, SearchQuery("lomalla")).publication_ids == tuple(ids)


@needs_voikko
def test_the_genitive_finds_the_partitive_in_the_index(dbsession, index, catalogue):
    result = index.search(dbsession, SearchQuery("seitsemän veljeksen"))
    assert result.total == 1 and not result.suggestion and not result.folded


def test_without_the_native_library_simplemma_gives_the_lemmas(without_voikko):
    assert analysis.voikko() is None
    assert analysis.finnish_analyser() == "simplemma"
    assert analysis.lemmas("kissojen", "fi") == ("kissa",)
    assert analysis.compound_parts("kesälomalla", "fi") == ()
    assert meets("kissojen", "kissa") and meets("kuninkaan", "kuningas") and meets("boken", "bok", "sv")


def test_without_the_native_library_search_still_works(without_voikko, dbsession, index, catalogue):
    assert index.search(dbsession, SearchQuery("kissojen")).total == 1
    assert index.search(dbsession, SearchQuery("seitsemän veljen")).total == 1


def test_a_voikko_that_fails_to_start_is_not_used(monkeypatch):
    class Broken:
        @staticmethod
        def Voikko(language):  # noqa: N802 - the binding's own name
            raise OSError("libvoikko.so.1: cannot open shared object file")

    clear_caches()
    monkeypatch.setitem(sys.modules, "libvoikko", Broken)
    try:
        assert analysis.voikko() is None
        assert analysis.lemmas("talossa", "fi") == ("talo",)
    finally:
        monkeypatch.undo()
        clear_caches()
