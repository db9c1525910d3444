"""The /search page through the whole stack: results, facets, sorting, pages, and friendly answers to bad input."""

import re
from urllib.parse import quote

import pytest


def search(testapp, query, status=200):
    return testapp.get("/search?lang=en&" + quote(query, safe="=&%"), status=status)


def card_titles(response):
    return re.findall(r'<span class="card-title">([^<]+)</span>', response.text)


def test_results_with_facet_counts(testapp, catalogue):
    response = search(testapp, "q=virtanen")
    assert "<h1>Search</h1>" in response.text
    assert "2 results for “virtanen”" in response.text
    assert sorted(card_titles(response)) == ["Kissojen kuningas", "Talvisota"]
    form = response.forms[1]  # the header's search box is the first form
    assert {field for field in form.fields} >= {"q", "medium", "audience", "subject", "year"}
    assert re.search(r"Audiobook <span class=\"count\">\(1\)</span>", response.text)
    assert re.search(r"Children <span class=\"count\">\(1\)</span>", response.text)


def test_choosing_a_facet_filters_and_can_be_undone(testapp, catalogue):
    response = search(testapp, "q=virtanen&medium=audiobook")
    assert card_titles(response) == ["Kissojen kuningas"]
    assert 'value="audiobook" checked' in response.text
    remove = response.html.select_one(".chips a")
    assert "Remove filter:" in remove.text and "medium" not in remove["href"]
    assert sorted(card_titles(testapp.get(remove["href"]))) == ["Kissojen kuningas", "Talvisota"]


def test_the_facet_form_submits_without_javascript(testapp, catalogue):
    form = search(testapp, "q=virtanen").forms[1]
    form.get("audience", index=1).checked = True  # the second audience value
    response = form.submit()
    assert len(card_titles(response)) == 1


def test_sorting_by_title_keeps_the_filters(testapp, catalogue):
    response = search(testapp, "q=aakkosjärjestys&language=fi")
    form = response.forms[2]  # header search, facets, sort
    form["sort"] = "title"
    sorted_page = form.submit()
    assert card_titles(sorted_page) == ["Aamu", "Vekkuli", "Zeniitti", "Äidin käsikirja", "Öljy"]
    assert "language=fi" in sorted_page.request.url


def test_a_spelling_mistake_is_corrected_and_said_so(testapp, catalogue):
    response = search(testapp, "q=kuningsa")
    assert "No results for “kuningsa”. Showing results for “kuningas”." in response.text
    assert card_titles(response) == ["Kissojen kuningas"]


def test_missing_dots_are_explained(testapp, catalogue):
    response = search(testapp, "q=aidin")
    assert card_titles(response) == ["Äidin käsikirja"]
    assert "without their dots and rings" in response.text


def test_nothing_found_gives_advice(testapp, catalogue):
    response = search(testapp, "q=xqzzyq")
    assert "No results for “xqzzyq”." in response.text
    assert "Check the spelling" in response.text


def test_an_empty_search_explains_what_to_type(testapp):
    assert "Type a title, an author or an ISBN." in search(testapp, "q=").text


def test_one_page_needs_no_pager(testapp, catalogue):
    response = search(testapp, "q=aakkosjärjestys")
    assert len(card_titles(response)) == 6
    assert 'class="pager"' not in response.text


@pytest.mark.parametrize(
    "query",
    [
        "q=kissa&page=-3",
        "q=kissa&page=zz",
        "q=kissa&page=100000",
        "q=kissa&medium=vinyl",
        "q=kissa&colour=red",
        "q=kissa&year=abcd",
        "q=kissa&year=1000-3000",
        "q=kissa&sort=sideways",
        "q=kissa&available=maybe",
        "q=kissa&language=" + "x" * 50,
    ],
)
def test_bad_parameters_give_a_friendly_page(testapp, catalogue, query):
    response = search(testapp, query)
    assert "Some search settings were not understood and were left out." in response.text
    assert card_titles(response) == ["Kissojen kuningas"]


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "kissa" * 2000,  # 10 kB
        "q=" + quote("\u202e\u0301\U0001f600"),
        "q=%00%ff%fe",
        "q=%ed%a0%80",  # a lone surrogate, not UTF-8
        "q=" + quote('"kissa OR NOT (x* {title}:'),
        "q=" + quote("kissa " * 400),
        "subject=" + quote("ä" * 5000),
    ],
)
def test_odd_queries_never_fail(testapp, catalogue, query):
    response = search(testapp, query)
    assert "<h1>Search</h1>" in response.text


def test_a_long_query_is_cut_and_said_so(testapp, catalogue):
    assert "only its beginning was used" in search(testapp, "q=" + "kissa " * 100).text


def test_many_results_are_paged(testapp, dbsession, index, catalogue):
    from .conftest import book, write

    ids = write(dbsession, "home", [book(f"sarja-{n}", f"Sarjakirja {n}", "Eeva Salo") for n in range(45)])
    index.update(dbsession, ids)
    first = search(testapp, "q=sarjakirja")
    assert "45 results" in first.text and "Page 1 of 3" in first.text
    assert len(card_titles(first)) == 20
    last = testapp.get(first.html.select_one('.pager a[rel="next"]')["href"])
    last = testapp.get(last.html.select(".pager a")[-2]["href"])  # the link to the last page
    assert "Page 3 of 3" in last.text and len(card_titles(last)) == 5
    assert last.html.select_one('.pager a[aria-current="page"]').text.strip().endswith("3")
    seen = set(card_titles(first)) | set(card_titles(last))
    assert len(seen) == 25
