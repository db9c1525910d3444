"""Reading the vendor's JSON into value objects, leniently: vendors send numbers as strings,
dates in Finnish order, subjects as one comma-separated string, and so on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

from ebiblio_portal.values import Audience, MagazineIssue, Medium, PublicationRecord, RecordError

_LANGUAGES = {"fin": "fi", "swe": "sv", "eng": "en", "ger": "de", "deu": "de", "fre": "fr", "fra": "fr", "rus": "ru"}
_AUDIENCES = {
    "children": Audience.CHILDREN,
    "child": Audience.CHILDREN,
    "kids": Audience.CHILDREN,
    "juvenile": Audience.CHILDREN,
    "lapset": Audience.CHILDREN,
    "barn": Audience.CHILDREN,
    "young": Audience.YOUNG,
    "youth": Audience.YOUNG,
    "teen": Audience.YOUNG,
    "teens": Audience.YOUNG,
    "young adult": Audience.YOUNG,
    "nuoret": Audience.YOUNG,
    "unga": Audience.YOUNG,
}
_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_LIST_SEPARATORS = re.compile(r"\s*[;,\n]\s*")


class BadRecord(ValueError):
    """A record that cannot become a publication; its message names the field."""


@dataclasses.dataclass(frozen=True, slots=True)
class PeriodicalInfo:
    """What an issue record borrows from its periodical."""

    key: str
    title: str
    language: str
    publisher: str | None
    subjects: tuple[str, ...]
    audience: Audience
    description: str | None


def text(value):
    """A stripped string, or None for nothing at all."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise BadRecord(f"expected text, got {type(value).__name__}")
    return value.strip() or None


def integer(value):
    """A whole number from 68, "68", "68 pages" or 68.0; None when absent or empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadRecord("expected a number, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise BadRecord(f"expected a whole number, got {value!r}")
        return int(value)
    match = re.match(r"^\s*(\d+)", str(value))
    if not match:
        raise BadRecord(f"expected a number, got {value!r}")
    return int(match.group(1))


def date(value):
    """A date from "2026-03-12", "2026-03-12T00:00:00Z" or the Finnish "12.3.2026"."""
    if isinstance(value, str):
        value = value.strip()
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
        if match := _FINNISH_DATE.match(value):
            day, month, year = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                pass
    raise BadRecord(f"expected a date, got {value!r}")


def moment(value):
    """An aware datetime from ISO 8601 (with Z, an offset or none: UTC) or epoch seconds; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, dt.UTC)
    if isinstance(value, str):
        value = value.strip()
        if value.isdigit():
            return dt.datetime.fromtimestamp(int(value), dt.UTC)
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    raise BadRecord(f"expected a date-time, got {value!r}")


def strings(value):
    """A tuple of non-empty strings from a list, a list of {"title": ...} objects or "a; b, c"."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part for part in _LIST_SEPARATORS.split(value.strip()) if part)
    if not isinstance(value, list):
        raise BadRecord(f"expected a list, got {type(value).__name__}")
    found = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("title") or item.get("name")
        item = text(item)
        if item:
            found.append(item)
    return tuple(found)


def language(value):
    """An ISO 639-1 code from "fi", "FI", "fi-FI", "sv_FI" or the three-letter "fin"."""
    code = (text(value) or "").lower().replace("_", "-").split("-", 1)[0]
    code = _LANGUAGES.get(code, code)
    if not code.isalpha() or len(code) not in (2, 3):
        raise BadRecord(f"expected a language code, got {value!r}")
    return code


def audience(value):
    """The audience, ADULTS unless the vendor says children or young."""
    key = (text(value) or "").lower()
    try:
        return Audience(key)
    except ValueError:
        return _AUDIENCES.get(key, Audience.ADULTS)


def periodical(raw):
    """A periodical from one entry of /v1/titles."""
    if not isinstance(raw, dict):
        raise BadRecord("a title is not an object")
    key = text(raw.get("id"))
    title = text(raw.get("title"))
    if not key or not title:
        raise BadRecord("a title needs an id and a title")
    return PeriodicalInfo(
        key=key,
        title=title,
        language=language(raw.get("language") or "fi"),
        publisher=text(raw.get("publisher")),
        subjects=strings(raw.get("subjects")),
        audience=audience(raw.get("audience")),
        description=text(raw.get("description")),
    )


def issue(raw, periodicals, resolve_url):
    """A ``PublicationRecord`` from one entry of /v1/issues; raises ``BadRecord``.

    ``periodicals`` maps a title id to its ``PeriodicalInfo``; ``resolve_url``
    turns the vendor's (possibly relative) cover URL into one a browser can load.
    """
    if not isinstance(raw, dict):
        raise BadRecord("an issue is not an object")
    key = text(raw.get("id"))
    if not key:
        raise BadRecord("an issue needs an id")
    periodical_key = text(raw.get("title_id"))
    owner = periodicals.get(periodical_key)
    if owner is None:
        raise BadRecord(f"issue {key} names an unknown periodical {periodical_key!r}")
    issue_date = date(raw.get("issue_date") or raw.get("date"))
    name = text(raw.get("name")) or f"{issue_date.day}.{issue_date.month}.{issue_date.year}"
    cover = text(raw.get("cover_url"))
    own_language = raw.get("language")
    return PublicationRecord(
        vendor_key=key,
        medium=Medium.MAGAZINE,
        title=f"{owner.title} {name}",
        language=language(own_language) if own_language else owner.language,
        publisher=owner.publisher,
        published=issue_date,
        modified=moment(raw.get("modified")),
        subjects=owner.subjects,
        audience=owner.audience,
        description=owner.description,
        cover_url=resolve_url(cover) if cover else None,
        page_count=integer(raw.get("page_count")),
        issue=MagazineIssue(
            periodical_key=owner.key,
            periodical_title=owner.title,
            issue_date=issue_date,
            table_of_contents=strings(raw.get("table_of_contents")),
        ),
        simultaneous_use=True,
    )


def record_error(raw, error):
    """A ``RecordError`` for a record that could not be read, with a short excerpt of it."""
    key = raw.get("id") if isinstance(raw, dict) else None
    try:
        excerpt = json.dumps(raw, ensure_ascii=False)[:200]
    except (TypeError, ValueError):
        excerpt = repr(raw)[:200]
    return RecordError(vendor_key=str(key) if key is not None else None, message=str(error), excerpt=excerpt)
