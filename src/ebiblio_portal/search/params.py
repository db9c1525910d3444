"""The /search query string: parameter names, reading them into a ``SearchQuery``, and back into links.

The names are a contract (bookmarks, OPDS templates): ``q``, ``medium``, ``language``, ``audience``,
``subject``, ``origin`` (repeatable), ``available`` (1), ``year`` (2024 or 2010-2019), ``sort``
(relevance, newest, title, popular) and ``page``. A value that cannot be understood is left out and
reported, never an error.
"""

from __future__ import annotations

import dataclasses
import re

from ..values import Audience, Medium, Origin, SearchQuery, SearchSort

MAX_QUERY = 200
MAX_VALUES = 10
PER_PAGE = 20
FACETS = ("medium", "language", "audience", "subject", "origin", "available", "year")
CHOICES = {
    "medium": frozenset(m.value for m in Medium),
    "audience": frozenset(a.value for a in Audience),
    "origin": frozenset(o.value for o in Origin),
}
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
YEAR = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")
FIRST_YEAR, LAST_YEAR, MAX_SPAN = 1000, 2200, 200


@dataclasses.dataclass
class Parsed:
    query: SearchQuery
    text: str
    too_long: bool = False
    rejected: list = dataclasses.field(default_factory=list)


def parse(params):
    """Read a request's GET parameters (a MultiDict) into a ``Parsed`` search; never raises."""
    rejected = []
    text = " ".join(params.get("q", "").split())
    too_long = len(text) > MAX_QUERY
    text = text[:MAX_QUERY]
    values = {}
    for facet in ("medium", "audience", "origin"):
        values[facet] = _choices(params.getall(facet), CHOICES[facet], facet, rejected)
    languages = []
    for value in params.getall("language")[:MAX_VALUES]:
        value = value.strip().lower()
        if LANGUAGE.match(value):
            languages.append(value)
        else:
            rejected.append("language")
    subjects = [value.strip()[:200] for value in params.getall("subject")[:MAX_VALUES] if value.strip()]
    available = params.get("available", "") in ("1", "yes", "true", "on")
    if params.get("available", "") not in ("", "0", "1", "yes", "true", "on", "no", "false"):
        rejected.append("available")
    years = _years(params.get("year", ""), rejected)
    sort = params.get("sort", "") or SearchSort.RELEVANCE.value
    if sort not in {s.value for s in SearchSort}:
        rejected.append("sort")
        sort = SearchSort.RELEVANCE.value
    page = _page(params.get("page", "1"), rejected)
    query = SearchQuery(
        text=text,
        media=tuple(dict.fromkeys(values["medium"])),
        languages=tuple(dict.fromkeys(languages)),
        audiences=tuple(dict.fromkeys(values["audience"])),
        subjects=tuple(dict.fromkeys(subjects)),
        origins=tuple(dict.fromkeys(values["origin"])),
        available=available,
        years=years,
        sort=SearchSort(sort),
        page=page,
        per_page=PER_PAGE,
    )
    unknown = sorted(set(params) - {"q", "sort", "page", "lang", *FACETS})
    return Parsed(query=query, text=text, too_long=too_long, rejected=sorted(set(rejected)) + unknown)


def _choices(raw, allowed, facet, rejected):
    found = []
    for value in raw[:MAX_VALUES]:
        value = value.strip().lower()
        if value in allowed:
            found.append(value)
        else:
            rejected.append(facet)
    return found


def _years(raw, rejected):
    raw = raw.strip()
    if not raw:
        return None
    match = YEAR.match(raw)
    if not match:
        rejected.append("year")
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    first, last = min(first, last), max(first, last)
    if first < FIRST_YEAR or last > LAST_YEAR or last - first > MAX_SPAN:
        rejected.append("year")
        return None
    return (first, last)


def _page(raw, rejected):
    try:
        page = int(raw.strip())
    except ValueError:
        rejected.append("page")
        return 1
    if page < 1:
        rejected.append("page")
        return 1
    return min(page, 100_000)


def to_params(query, text=None, **changes):
    """The query-string pairs of ``query`` with ``changes`` applied (``None`` drops a parameter)."""
    pairs = {
        "q": [text if text is not None else query.text],
        "medium": list(query.media),
        "language": list(query.languages),
        "audience": list(query.audiences),
        "subject": list(query.subjects),
        "origin": list(query.origins),
        "available": ["1"] if query.available else [],
        "year": [f"{query.years[0]}-{query.years[1]}" if query.years[0] != query.years[1] else str(query.years[0])]
        if query.years
        else [],
        "sort": [query.sort.value] if query.sort != SearchSort.RELEVANCE else [],
        "page": [],
    }
    for name, value in changes.items():
        pairs[name] = [] if value is None else (list(value) if isinstance(value, list | tuple) else [str(value)])
    return [(name, value) for name, values in pairs.items() for value in values if value != ""]
