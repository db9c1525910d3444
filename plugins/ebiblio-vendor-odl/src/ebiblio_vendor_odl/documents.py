"""OPDS 2.0 + ODL documents read into the portal's values.

Three documents come from an ODL distributor: the feed's publications with
their ``licenses``, the License Info Document of one license, and the Readium
LCP License Status Document a checkout answers with. Every reader here is
lenient in the ways ``reading`` describes and raises ``BadValue`` (a
``ValueError``), ``KeyError``, ``TypeError`` or ``AttributeError`` on a
document it cannot read; the provider turns those into ``RecordError`` or
``MalformedResponse``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urljoin

from ebiblio_portal.values import Audience, Contributor, ContributorRole, LicenseTerms, Medium, PublicationRecord

from .reading import (
    BadValue,
    as_bool,
    as_date,
    as_datetime,
    as_int,
    as_list,
    as_text,
    first,
    isbn13,
    language_code,
    seconds,
)

LCP_LICENSE_TYPE = "application/vnd.readium.lcp.license.v1.0+json"
STATUS_DOCUMENT_TYPE = "application/vnd.readium.license.status.v1.0+json"
INFO_DOCUMENT_TYPE = "application/vnd.odl.info+json"
AUDIOBOOK_TYPE = "application/audiobook+json"
LIVE_LOAN_STATES = frozenset(("ready", "active"))

CHECKOUT_RELS = ("checkout", "http://opds-spec.org/acquisition/borrow", "http://opds-spec.org/acquisition")
INFO_RELS = ("self", "status", "http://opds-spec.org/odl/license-info")
AUDIENCE_SCHEMES = frozenset(("http://schema.org/audience", "https://schema.org/audience", "audience"))
_ROLE_KEYS = (
    ("author", ContributorRole.AUTHOR),
    ("translator", ContributorRole.TRANSLATOR),
    ("narrator", ContributorRole.NARRATOR),
    ("illustrator", ContributorRole.ILLUSTRATOR),
    ("editor", ContributorRole.EDITOR),
)
# Roles of a generic "contributor": the role names themselves and MARC relator codes.
_ROLE_NAMES = {role.value: role for _, role in _ROLE_KEYS} | {
    "aut": ContributorRole.AUTHOR,
    "trl": ContributorRole.TRANSLATOR,
    "nrt": ContributorRole.NARRATOR,
    "reader": ContributorRole.NARRATOR,
    "ill": ContributorRole.ILLUSTRATOR,
    "edt": ContributorRole.EDITOR,
}
_CHILDREN_WORDS = ("child", "juvenile", "lapset", "lasten", "barn")
_YOUNG_WORDS = ("young", "teen", "nuoret", "nuorten", "unga", "ungdom")


@dataclasses.dataclass(frozen=True, slots=True)
class OfferedLicense:
    """One license of a publication with the links that act on it."""

    terms: LicenseTerms
    checkout_template: str | None
    info_url: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class LoanStatus:
    """A License Status Document, as much of it as the portal needs."""

    identifier: str
    status: str
    starts: dt.datetime | None
    ends: dt.datetime | None
    license_url: str | None
    return_template: str | None
    self_url: str | None

    @property
    def live(self):
        return self.status in LIVE_LOAN_STATES


def publication_key(publication):
    """The vendor's key of a feed publication (its ``metadata.identifier``), or None when it has none."""
    metadata = publication.get("metadata") if type(publication) is dict else None
    if type(metadata) is not dict:
        return None
    identifier = metadata.get("identifier")
    if type(identifier) is str:
        identifier = identifier.strip()
        return identifier or None
    if type(identifier) is int:
        return str(identifier)
    return None


def is_withdrawn(publication):
    """True when the distributor no longer offers the publication: it lists an empty ``licenses`` array.

    A publication without the ``licenses`` key at all is read as it is (with
    no licenses), so a broken record is reported as broken, not as removed.
    """
    licenses = publication.get("licenses")
    return type(licenses) is list and not licenses


def read_publication(publication, key, base_url, now):
    """Read one feed publication (whose ``publication_key`` is ``key``) into a ``PublicationRecord``.

    Raises on a record that cannot be read. Only the license terms are read
    here, not their links: a sync needs no more, and it must be fast.
    """
    metadata = publication["metadata"]
    language = language_code(metadata.get("language"))
    title = as_text(metadata.get("title"), language, "title")
    if not title or not title.strip():
        raise BadValue("title is missing")
    licenses = tuple(_feed_license_terms(item, now) for item in as_list(publication.get("licenses")))
    subjects, audience = _subjects(metadata.get("subject"), language)
    explicit_audience = metadata.get("audience")
    if explicit_audience is not None:
        audience = _audience(as_text(first(explicit_audience), language) or "") or audience
    series, series_number = _series(metadata.get("belongsTo"), language)
    links = publication.get("links") or ()
    return PublicationRecord(
        vendor_key=key,
        medium=_medium(metadata, licenses),
        title=title.strip(),
        language=language,
        subtitle=as_text(metadata.get("subtitle"), language, "subtitle"),
        contributors=_contributors(metadata, language),
        series=series,
        series_number=series_number,
        publisher=_name(first(metadata.get("publisher")), language),
        published=as_date(metadata.get("published"), "published"),
        modified=as_datetime(metadata.get("modified"), "modified"),
        subjects=subjects,
        audience=audience,
        isbn=isbn13(key) or _alternate_isbn(metadata.get("altIdentifier")),
        description=as_text(metadata.get("description"), language, "description"),
        cover_url=_cover(publication.get("images"), base_url),
        sample_url=_href(find_link(links, ("preview", "http://opds-spec.org/acquisition/sample")), base_url),
        duration_seconds=as_int(metadata.get("duration"), "duration"),
        page_count=as_int(metadata.get("numberOfPages"), "numberOfPages"),
        licenses=licenses,
    )


def _feed_license_terms(item, now):
    metadata = item["metadata"]
    live = metadata.get("checkouts")
    if type(live) is not dict:
        live = {}
    return license_terms(
        metadata["identifier"],
        metadata.get("terms") or {},
        metadata.get("format"),
        metadata.get("status"),
        live.get("left"),
        live.get("available"),
        now,
    )


def read_license(item, base_url, now):
    """Read one ``licenses`` entry of a feed publication, with its links, into an ``OfferedLicense``."""
    terms = _feed_license_terms(item, now)
    links = item.get("links") or ()
    checkout = find_link(links, CHECKOUT_RELS)
    return OfferedLicense(
        terms=terms,
        checkout_template=_href(checkout, base_url),
        info_url=_href(find_link(links, INFO_RELS), base_url),
    )


def read_info_document(document, now):
    """Read a License Info Document (``identifier, status, checkouts {left, available}, terms``) as terms."""
    checkouts = document.get("checkouts")
    if not isinstance(checkouts, dict):
        checkouts = {}
    return license_terms(
        document["identifier"],
        document.get("terms") or {},
        document.get("format"),
        document.get("status"),
        checkouts.get("left"),
        checkouts.get("available"),
        now,
    )


def license_terms(identifier, terms, license_format, status, left, available, now):
    """One license's terms and counts, with E-kirjasto's defaults where the vendor is silent.

    A license that states no live counts is taken as fresh: ``left`` is its
    ``checkouts`` term and ``available`` its concurrency, capped by ``left``.
    """
    if type(identifier) is int:
        identifier = str(identifier)
    if type(identifier) is not str or not identifier.strip():
        raise BadValue("license identifier is missing")
    if type(terms) is not dict:
        raise BadValue("license terms are not an object")
    concurrency = as_int(terms.get("concurrency"), "terms.concurrency")
    left = as_int(left, "checkouts.left")
    if left is None:
        left = as_int(terms.get("checkouts"), "terms.checkouts")
    available = as_int(available, "checkouts.available")
    if available is None:
        available = concurrency if left is None or concurrency is None else min(concurrency, left)
    expires = as_datetime(terms.get("expires"), "terms.expires")
    length = terms.get("length")
    if length is None:
        length = terms.get("max_checkout_length")
    state = str(first(status) or "available").strip().lower()
    if (expires is not None and expires <= now) or left == 0:
        state = "unavailable"
    return LicenseTerms(
        identifier=identifier.strip(),
        concurrency=concurrency,
        checkouts_left=left,
        checkouts_available=available,
        expires=expires,
        loan_length=seconds(length, "terms.length"),
        status=state,
        format=_format(license_format),
    )


def lendable(terms, now):
    """True when the license can lend one more copy now."""
    return (
        terms.status == "available"
        and (terms.expires is None or terms.expires > now)
        and (terms.checkouts_left is None or terms.checkouts_left > 0)
        and (terms.checkouts_available is None or terms.checkouts_available > 0)
    )


def read_status_document(document, base_url):
    """Read a Readium LCP License Status Document (the bent dialect has no ``message``/``updated``)."""
    identifier = document["id"]
    status = document["status"]
    if not isinstance(status, str) or not status.strip():
        raise BadValue("status is missing")
    links = document.get("links") or ()
    updated = document.get("updated")
    starts = as_datetime(updated.get("license"), "updated.license") if isinstance(updated, dict) else None
    if starts is None:
        events = [event for event in as_list(document.get("events")) if isinstance(event, dict)]
        if events:
            starts = as_datetime(events[0].get("timestamp"), "events.timestamp")
    rights = document.get("potential_rights")
    ends = as_datetime(rights.get("end"), "potential_rights.end") if isinstance(rights, dict) else None
    return LoanStatus(
        identifier=str(identifier),
        status=status.strip().lower(),
        starts=starts,
        ends=ends,
        license_url=_href(find_link(links, ("license",)), base_url),
        return_template=_href(find_link(links, ("return",)), base_url),
        self_url=_href(find_link(links, ("self", "status")), base_url),
    )


def problem_type(document):
    """The ``type`` of an RFC 7807 problem document, or "" when the body is not one."""
    if isinstance(document, dict):
        return str(document.get("type") or "")
    return ""


def find_link(links, rels):
    """The first link whose ``rel`` (a string or a list) is one of ``rels``."""
    for link in links if isinstance(links, list) else ():
        if not isinstance(link, dict):
            continue
        rel = link.get("rel")
        if isinstance(rel, list):
            if any(item in rels for item in rel):
                return link
        elif rel in rels:
            return link
    return None


def _href(link, base_url):
    if link is None:
        return None
    href = link.get("href")
    if not isinstance(href, str) or not href:
        return None
    # "templated" may be "true"; reading it checks the value is a boolean at all.
    as_bool(link.get("templated"), "templated")
    if href.startswith(("http://", "https://")):
        return href
    return urljoin(base_url, href)


def _format(value):
    value = first(value)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue(f"format: {value!r} is not a media type")
    return value


def _medium(metadata, licenses):
    kind = metadata.get("@type")
    if isinstance(kind, str) and "audiobook" in kind.lower():
        return Medium.AUDIOBOOK
    conforms = first(metadata.get("conformsTo"))
    if isinstance(conforms, str) and conforms.endswith("/audiobook"):
        return Medium.AUDIOBOOK
    for terms in licenses:
        if terms.format and "audiobook" in terms.format:
            return Medium.AUDIOBOOK
    return Medium.EBOOK


def _name(value, language):
    if value is None:
        return None
    if isinstance(value, dict):
        return as_text(value.get("name"), language, "name")
    return as_text(value, language, "name")


def _contributors(metadata, language):
    people = []
    for key, role in _ROLE_KEYS:
        for person in as_list(metadata.get(key)):
            people.append(_contributor(person, role, language))
    for person in as_list(metadata.get("contributor")):
        role = ContributorRole.EDITOR
        if isinstance(person, dict):
            stated = first(person.get("role"))
            role = _ROLE_NAMES.get(str(stated).lower(), ContributorRole.EDITOR) if stated else role
        people.append(_contributor(person, role, language))
    return tuple(person for person in people if person is not None)


def _contributor(person, role, language):
    if type(person) is str:
        return Contributor(person.strip(), role) if person.strip() else None
    if not isinstance(person, dict):
        raise BadValue(f"contributor: {person!r} is neither a name nor an object")
    name = as_text(person.get("name"), language, "contributor.name")
    if not name or not name.strip():
        return None
    sort_name = as_text(person.get("sortAs"), language, "contributor.sortAs")
    return Contributor(name.strip(), role, sort_name)


def _subjects(value, language):
    names = []
    audience = Audience.ADULTS
    for subject in as_list(value):
        if type(subject) is str:
            names.append(subject)
            continue
        if not isinstance(subject, dict):
            raise BadValue(f"subject: {subject!r} is neither a name nor an object")
        name = as_text(subject.get("name"), language, "subject.name")
        code = subject.get("code")
        if subject.get("scheme") in AUDIENCE_SCHEMES:
            audience = _audience(str(code or name or "")) or audience
            continue
        text = name or (str(code) if code is not None else None)
        if text:
            names.append(text)
    return tuple(dict.fromkeys(names)), audience


def _audience(text):
    lowered = text.lower()
    if any(word in lowered for word in _CHILDREN_WORDS):
        return Audience.CHILDREN
    if any(word in lowered for word in _YOUNG_WORDS):
        return Audience.YOUNG
    if lowered.strip():
        return Audience.ADULTS
    return None


def _series(belongs_to, language):
    if not isinstance(belongs_to, dict):
        return None, None
    series = first(belongs_to.get("series"))
    if series is None:
        return None, None
    if type(series) is str:
        return series, None
    if not isinstance(series, dict):
        raise BadValue(f"belongsTo.series: {series!r} is not a series")
    position = series.get("position")
    if isinstance(position, float) and position.is_integer():
        position = int(position)
    return as_text(series.get("name"), language, "series.name"), (None if position is None else str(position))


def _cover(images, base_url):
    for image in as_list(images):
        if isinstance(image, dict) and isinstance(image.get("href"), str):
            return _href(image, base_url)
    return None


def _alternate_isbn(value):
    for identifier in as_list(value):
        if isinstance(identifier, dict):
            identifier = identifier.get("value")
        found = isbn13(identifier)
        if found:
            return found
    return None
