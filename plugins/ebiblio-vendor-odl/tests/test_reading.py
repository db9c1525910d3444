"""The lenient value readers and the URI template expander."""

from __future__ import annotations

import datetime as dt

import pytest
from ebiblio_vendor_odl import reading
from ebiblio_vendor_odl.uritemplate import expand


@pytest.mark.parametrize(
    ("value", "expected"), [(3, 3), ("3", 3), (" 3 ", 3), ("3.0", 3), (3.0, 3), (None, None), ("", None)]
)
def test_whole_numbers(value, expected):
    assert reading.as_int(value) == expected


@pytest.mark.parametrize("value", [True, "3.5", 3.5, "three", [3], {}])
def test_not_whole_numbers(value):
    with pytest.raises(reading.BadValue):
        reading.as_int(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("true", True), ("TRUE", True), ("1", True), ("false", False), (0, False), (None, False)],
)
def test_booleans(value, expected):
    assert reading.as_bool(value) is expected


def test_not_a_boolean():
    with pytest.raises(reading.BadValue):
        reading.as_bool("perhaps")


def test_date_times_are_aware():
    assert reading.as_datetime("2025-03-01T10:00:00Z") == dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC)
    assert reading.as_datetime("2025-03-01T12:00:00+02:00") == dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC)
    assert reading.as_datetime("2025-03-01") == dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    assert reading.as_datetime(" 2025-03-01T10:00:00 ") == dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC)
    with pytest.raises(reading.BadValue):
        reading.as_datetime(20250301)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1870", dt.date(1870, 1, 1)),
        ("1870-05", dt.date(1870, 5, 1)),
        ("1870-05-02", dt.date(1870, 5, 2)),
        ("1870-05-02T10:00:00Z", dt.date(1870, 5, 2)),
        (1870, dt.date(1870, 1, 1)),
    ],
)
def test_dates(value, expected):
    assert reading.as_date(value) == expected


def test_text_and_language_maps():
    assert reading.as_text({"fi": "Veljekset", "sv": "Bröder"}, "sv") == "Bröder"
    assert reading.as_text({"fi": "Veljekset"}, "sv") == "Veljekset"
    assert reading.as_text(None) is None
    with pytest.raises(reading.BadValue):
        reading.as_text(["x"])


@pytest.mark.parametrize(
    ("value", "expected"), [("fi", "fi"), ("fin", "fi"), ("sv-FI", "sv"), (["swe"], "sv"), ("EN", "en")]
)
def test_language_codes(value, expected):
    assert reading.language_code(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("urn:isbn:9789510000014", "9789510000014"),
        ("urn:isbn:978-951-0-00001-4", "9789510000014"),
        ("ISBN:951-0-00001-4", None),
        ("ISBN:951-0-00001-9", "9789510000014"),
        ("951000001X", None),
        ("urn:isbn:9789510000015", None),
        ("urn:uuid:0d3c-1", None),
        ("0-306-40615-2", "9780306406157"),
    ],
)
def test_isbn13(value, expected):
    assert reading.isbn13(value) == expected


def test_checkout_templates_expand_the_values_given():
    template = "http://v.invalid/c{?id,checkout_id,patron_id,expires,passphrase,hint}"
    url = expand(template, {"id": "l 1", "checkout_id": "l 1", "patron_id": "p/1", "expires": "2025-01-01T00:00:00Z"})
    assert url == "http://v.invalid/c?id=l%201&checkout_id=l%201&patron_id=p%2F1&expires=2025-01-01T00%3A00%3A00Z"
    assert expand("http://v.invalid/r{?id,name}", {}) == "http://v.invalid/r"
    assert expand("http://v.invalid/x?a=1{&b,c}", {"c": True}) == "http://v.invalid/x?a=1&c=true"
    assert expand("http://v.invalid/{key}{/page}", {"key": "a:b", "page": 2}) == "http://v.invalid/a%3Ab/2"
