"""Lenient reading of the vendor's JSON, one field kind at a time."""

import datetime as dt

import pytest
from ebiblio_vendor_magazines import parsing

from ebiblio_portal.values import Audience

PERIODICALS = {
    "tiede": parsing.PeriodicalInfo("tiede", "Tiedeikkuna", "fi", "Tietotalo Oy", ("tiede",), Audience.ADULTS, None)
}


def identity(url):
    return url


@pytest.mark.parametrize(
    ("raw", "expected"), [(68, 68), ("68", 68), (" 68 sivua", 68), (68.0, 68), (None, None), ("", None)]
)
def test_integer(raw, expected):
    assert parsing.integer(raw) == expected


@pytest.mark.parametrize("raw", ["many", True, 68.5, "-4"])
def test_integer_refuses_what_is_not_a_count(raw):
    with pytest.raises(parsing.BadRecord):
        parsing.integer(raw)


@pytest.mark.parametrize("raw", ["2026-03-12", "2026-03-12T00:00:00Z", "12.3.2026", " 12.03.2026 "])
def test_date(raw):
    assert parsing.date(raw) == dt.date(2026, 3, 12)


@pytest.mark.parametrize("raw", [None, "", "31.2.2026", "March 2026", 20260312])
def test_date_refuses_what_is_not_a_date(raw):
    with pytest.raises(parsing.BadRecord):
        parsing.date(raw)


@pytest.mark.parametrize(
    "raw", ["2026-03-12T10:00:00Z", "2026-03-12T12:00:00+02:00", "2026-03-12T10:00:00", 1773309600, "1773309600"]
)
def test_moment(raw):
    assert parsing.moment(raw) == dt.datetime(2026, 3, 12, 10, 0, tzinfo=dt.UTC)


def test_moment_absent_and_broken():
    assert parsing.moment(None) is None
    with pytest.raises(parsing.BadRecord):
        parsing.moment("yesterday")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["a", " b ", ""], ("a", "b")),
        ([{"title": "a"}, {"name": "b"}, {"page": 3}], ("a", "b")),
        ("a; b, c\nd", ("a", "b", "c", "d")),
        (None, ()),
    ],
)
def test_strings(raw, expected):
    assert parsing.strings(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("fi", "fi"), ("FI", "fi"), ("sv_FI", "sv"), ("fin", "fi"), ("eng", "en")]
)
def test_language(raw, expected):
    assert parsing.language(raw) == expected


def test_language_refuses_nonsense():
    with pytest.raises(parsing.BadRecord):
        parsing.language("123")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("children", Audience.CHILDREN), ("Lapset", Audience.CHILDREN), ("teen", Audience.YOUNG), (None, Audience.ADULTS)],
)
def test_audience(raw, expected):
    assert parsing.audience(raw) == expected


def test_a_periodical_needs_an_id_and_a_title():
    with pytest.raises(parsing.BadRecord):
        parsing.periodical({"id": "x"})
    info = parsing.periodical({"id": 7, "title": "Lehti", "subjects": "a, b", "audience": "kids"})
    assert info.key == "7" and info.language == "fi" and info.subjects == ("a", "b")
    assert info.audience is Audience.CHILDREN


def test_an_issue_without_a_name_is_titled_by_its_date():
    record = parsing.issue({"id": "i1", "title_id": "tiede", "issue_date": "2026-03-12"}, PERIODICALS, identity)
    assert record.title == "Tiedeikkuna 12.3.2026"
    assert record.page_count is None and record.cover_url is None and record.modified is None


@pytest.mark.parametrize(
    "raw",
    [
        ["not", "an", "object"],
        {"title_id": "tiede", "issue_date": "2026-03-12"},
        {"id": "i1", "issue_date": "2026-03-12"},
        {"id": "i1", "title_id": "tiede"},
        {"id": "i1", "title_id": "tiede", "issue_date": "2026-03-12", "table_of_contents": 5},
        {"id": "i1", "title_id": "tiede", "issue_date": "2026-03-12", "name": {"x": 1}},
    ],
)
def test_an_unreadable_issue_is_a_bad_record(raw):
    with pytest.raises(parsing.BadRecord):
        parsing.issue(raw, PERIODICALS, identity)


def test_a_record_error_keeps_the_key_and_a_short_excerpt():
    raw = {"id": 42, "title_id": "tiede", "description": "x" * 500}
    error = parsing.record_error(raw, parsing.BadRecord("bad"))
    assert error.vendor_key == "42" and error.message == "bad"
    assert error.excerpt.startswith('{"id": 42') and len(error.excerpt) == 200
    assert parsing.record_error("plain text", ValueError("no")).vendor_key is None
