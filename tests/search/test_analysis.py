"""Text analysis and collation: forms of Finnish and Swedish words, folding, ISBNs, alphabetical order."""

import pytest
from stdnum import isbn

from ebiblio_portal.search import analysis
from ebiblio_portal.search.collation import sort_key


@pytest.mark.parametrize(
    ("query_word", "record_word", "language"),
    [
        ("kissojen", "kissa", "fi"),  # plural genitive → base form
        ("virtasen", "virtanen", "fi"),  # -nen word in the genitive
        ("talossa", "talo", "fi"),  # inessive
        ("kuninkaan", "kuningas", "fi"),  # consonant gradation
        ("boken", "bok", "sv"),  # Swedish definite form
        ("barnen", "barn", "sv"),
        ("husets", "hus", "sv"),  # definite genitive
    ],
)
def test_an_inflected_query_word_meets_the_base_word_of_a_record(query_word, record_word, language):
    record = {record_word, *analysis.record_forms(record_word, language)}
    assert record & set(analysis.query_forms(query_word))


@pytest.mark.parametrize(
    ("query_word", "record_word", "language"),
    [("kissa", "kissojen", "fi"), ("virtanen", "virtasen", "fi"), ("hus", "huset", "sv"), ("bok", "boken", "sv")],
)
def test_a_base_query_word_meets_an_inflected_record_word(query_word, record_word, language):
    record = {record_word, *analysis.record_forms(record_word, language)}
    assert record & set(analysis.query_forms(query_word))


def test_words_are_case_folded_and_normalised():
    assert analysis.words("SEITSEMÄN  Veljestä!") == ["seitsemän", "veljestä"]
    assert analysis.words("Seitsema\u0308n") == ["seitsemän"]  # a decomposed ä is the same letter
    assert analysis.words("Straße") == ["strasse"]


def test_folding_removes_dots_and_rings():
    assert analysis.fold("äiti") == "aiti"
    assert analysis.fold("påsk") == "pask"
    assert analysis.fold("søren") == "soren"
    assert "veljesta" in analysis.folded_query_forms("veljesta")


def test_an_isbn_with_hyphens_is_one_word():
    thirteen = "9789510000014"
    assert isbn.is_valid(thirteen)
    assert analysis.words(isbn.format(thirteen)) == [thirteen]  # 978-951-0-00001-4
    assert analysis.words("ISBN " + isbn.format(isbn.to_isbn10(thirteen))) == ["isbn", thirteen]
    assert analysis.words("123-456") == ["123", "456"]  # not an ISBN: left as it is


def test_odd_unicode_gives_no_words_and_no_error():
    assert analysis.words("\u202e\u0301\U0001f600") == []
    assert analysis.words("") == []


def test_finnish_and_swedish_alphabetical_order():
    titles = ["Öljy", "Åbo", "Äiti", "Zeniitti", "Aamu", "Vekkuli", "Wanha", "Élan"]
    assert sorted(titles, key=sort_key) == ["Aamu", "Élan", "Vekkuli", "Wanha", "Zeniitti", "Åbo", "Äiti", "Öljy"]


def test_sort_keys_are_byte_ordered_ascii_for_latin_letters():
    assert sort_key("Åbo Äiti Öljy") == "{bo |iti }ljy"
    assert sort_key("  Kalle   Päkä ") == "kalle p|k|"
