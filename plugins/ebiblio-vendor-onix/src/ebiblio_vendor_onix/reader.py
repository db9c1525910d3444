"""A streaming reader of ONIX for Books 3.0 deliveries.

Products are read with ``lxml.etree.iterparse`` and cleared as soon as they
become records, so memory stays flat however long the delivery is. Reference
and short tags are read alike, with or without the ONIX namespace.

A delivery may carry the same product twice; the last one wins and is counted
once. A cheap byte scan (``KeyScanner``, fed while the file is downloaded or
read) finds the record references that occur more than once; only those
products are held back and sent after the rest of their delivery.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import operator
import os
import sys

from lxml import etree

from ebiblio_portal.interfaces import MalformedResponse
from ebiblio_portal.values import Audience, Contributor, Medium, PublicationRecord, RecordError

from . import codes

PAGE_SIZE = 1000
EXCERPT_CHARS = 400
READ_CHUNK = 1 << 20

PRODUCT_TAGS = (
    "Product",
    "product",
    f"{{{codes.REFERENCE_NAMESPACE}}}Product",
    f"{{{codes.SHORT_NAMESPACE}}}product",
)
HEADER_TAGS = (
    "Header",
    "header",
    f"{{{codes.REFERENCE_NAMESPACE}}}Header",
    f"{{{codes.SHORT_NAMESPACE}}}header",
)


class _Names(dict):
    """Element tag -> reference name (namespace dropped, short tag translated), filled on first sight."""

    def __missing__(self, tag):
        if isinstance(tag, str):
            bare = tag.rpartition("}")[2]
            name = sys.intern(codes.SHORT_TO_REFERENCE.get(bare, bare))
        else:
            name = ""  # comments and processing instructions
        self[tag] = name
        return name


NAMES = _Names()


def local_name(tag):
    """The reference name of an element tag."""
    return NAMES[tag]


class ProductError(ValueError):
    """One product cannot become a record; the rest of the delivery goes on."""


@dataclasses.dataclass(frozen=True, slots=True)
class Page:
    """One page of a delivery: what was read, and the product offset to resume after it."""

    records: tuple
    errors: tuple
    removed: tuple
    offset: int
    total: int | None
    complete: bool


class KeyScanner:
    """Finds the record references a delivery repeats, from its raw bytes, chunk by chunk.

    It looks for ``<RecordReference>`` / ``<a001>`` opening tags (with or
    without a namespace prefix) and never parses XML: a key it misses is only
    sent twice (the later copy still wins), a key it wrongly suspects is only
    sent at the end of its delivery.
    """

    _MARKERS = (b"RecordReference>", b"a001>")
    _TAIL = 512

    def __init__(self):
        self._seen = set()
        self.repeated = set()
        self._buffer = b""

    def feed(self, chunk):
        buffer = self._buffer + chunk if self._buffer else chunk
        done = 0
        for marker in self._MARKERS:
            done = max(done, self._scan(buffer, marker))
        self._buffer = buffer[max(done, len(buffer) - self._TAIL) :]

    def close(self):
        self._buffer = b""
        return self

    @property
    def distinct(self):
        return len(self._seen)

    def _scan(self, buffer, marker):
        find = buffer.find
        seen = self._seen
        closing = b"/" + marker
        position = find(marker)
        done = 0
        while position >= 0:
            end = position + len(marker)
            text_end = find(b"<", end)
            if text_end < 0:
                return done
            done = text_end
            before = buffer[position - 1 : position]
            opening = before == b"<" or (
                before == b":" and buffer[buffer.rfind(b"<", 0, position) + 1 : position][:1] not in (b"/", b"")
            )
            if opening:
                key = buffer[end:text_end].strip()
                if key:
                    digest = hash(key)
                    if digest in seen:
                        text = key.decode("utf-8", "replace")
                        self.repeated.add(html.unescape(text) if "&" in text else text)
                    else:
                        seen.add(digest)
                # Step over the closing tag that usually follows: it holds no key.
                if buffer.startswith(closing, text_end + 1):
                    text_end += 1 + len(closing)
            position = find(marker, text_end)
        return done


def scan_file(path):
    """Run a ``KeyScanner`` over a file on disk."""
    scanner = KeyScanner()
    with open(path, "rb") as file:
        while chunk := file.read(READ_CHUNK):
            scanner.feed(chunk)
    return scanner.close()


def read_pages(source, scanner, *, page_size=PAGE_SIZE, start=0, label="delivery"):
    """Yield ``Page``s of the ONIX delivery ``source`` (a path or a binary file).

    ``scanner`` is a ``KeyScanner`` already fed the whole delivery. ``start``
    skips the products before that offset (a resumed read). A file that breaks
    off or is not XML yields what it could read, then raises ``MalformedResponse``.
    """
    repeated = scanner.repeated
    records, errors, removed = [], [], []
    held = {}
    index = -1
    modified = None
    total = scanner.distinct or None

    def page(offset, complete):
        built = Page(tuple(records), tuple(errors), tuple(removed), offset, total, complete)
        records.clear()
        errors.clear()
        removed.clear()
        return built

    def take(key, outcome):
        if isinstance(outcome, RecordError):
            errors.append(outcome)
        elif outcome is None:
            removed.append(key)
        else:
            records.append(outcome)

    try:
        for _event, element in _iterparse(source):
            if NAMES[element.tag] == "Header":
                modified = _sent_at(element)
                _release(element)
                continue
            index += 1
            key = _reference(element)
            if index < start and key not in repeated:
                _release(element)
                continue
            outcome = _outcome(element, key, modified)
            _release(element)
            if key in repeated:
                # Only the last copy counts: hold it back until the delivery ends.
                held.pop(key, None)
                held[key] = outcome
                continue
            take(key, outcome)
            if len(records) + len(errors) + len(removed) >= page_size:
                yield page(index + 1, False)
    except etree.XMLSyntaxError as error:
        for key, outcome in held.items():
            take(key, outcome)
        if records or errors or removed:
            yield page(index + 1, False)
        raise MalformedResponse(
            f"onix: {label} breaks off after {index + 1} products and cannot be read further: {error}"
        ) from error
    except OSError as error:
        raise MalformedResponse(f"onix: {label} cannot be read: {error}") from error
    for key, outcome in held.items():
        take(key, outcome)
        if len(records) + len(errors) + len(removed) >= page_size:
            yield page(index + 1, False)
    if records or errors or removed:
        yield page(index + 1, True)


def _outcome(element, key, modified):
    try:
        return read_product(element, modified)
    except ProductError as error:
        return RecordError(key, str(error), _excerpt(element))


def _iterparse(source):
    # No entities, no DTD, no network: a delivery is data, never instructions.
    return etree.iterparse(
        source,
        events=("end",),
        tag=PRODUCT_TAGS + HEADER_TAGS,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )


def _release(element):
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _reference(product):
    for child in product:
        if NAMES[child.tag] == "RecordReference":
            return (child.text or "").strip() or None
    return None


def _excerpt(element):
    return etree.tostring(element, encoding="unicode")[:EXCERPT_CHARS]


class _TagMap(dict):
    """Element tag -> what one part of a product makes of it (None: nothing), each tag translated once.

    Keyed by the tag as lxml gives it, so reference and short tags, with or
    without a namespace, cost one dictionary lookup after their first sight.
    """

    __slots__ = ("_by_name",)

    def __init__(self, by_name):
        super().__init__()
        self._by_name = by_name

    def __missing__(self, tag):
        value = self[tag] = self._by_name.get(NAMES[tag])
        return value


def _names(*names):
    """A ``_TagMap`` that gives the reference name of the elements ``names``, None for any other."""
    return _TagMap({name: name for name in names})


def read_product(product, modified=None):
    """Turn one ``<Product>`` element into a ``PublicationRecord``; None for a deletion notice.

    Raises ``ProductError`` when the product lacks what a record needs.
    """
    fields = {}
    parts = _PRODUCT_PARTS
    for child in product:
        read = parts[child.tag]
        if read is not None:
            read(child, fields)
    key = fields.pop("vendor_key", None)
    if not key:
        raise ProductError("the product has no RecordReference")
    if fields.pop("notification", None) == codes.NOTIFICATION_DELETE:
        return None
    if not fields.get("title"):
        raise ProductError(f"product {key} has no title (TitleDetail of type 01)")
    fields["withdrawn"] = fields.pop("withdrawn_status", False) | fields.pop("withdrawn_supply", False)
    fields["language"] = fields.get("language") or "und"
    return PublicationRecord(vendor_key=key, modified=modified, **fields)


def _record_reference(element, fields):
    fields["vendor_key"] = (element.text or "").strip()


def _notification_type(element, fields):
    fields["notification"] = (element.text or "").strip()


_IDENTIFIER_PARTS = _names("ProductIDType", "IDValue")


def _product_identifier(identifier, fields):
    id_type = value = None
    for part in identifier:
        name = _IDENTIFIER_PARTS[part.tag]
        if name == "ProductIDType":
            id_type = (part.text or "").strip()
        elif name == "IDValue":
            value = part.text
    if id_type == codes.ISBN13 or (id_type == codes.GTIN13 and fields.get("isbn") is None):
        fields["isbn"] = _isbn13(value) or fields.get("isbn")


def _isbn13(value):
    digits = (value or "").strip().replace("-", "").replace(" ", "")
    if len(digits) != 13 or not digits.isdigit():
        return None
    # Weights 1 and 3 alternate: sum the even and the odd positions separately.
    total = sum(map(int, digits[0:12:2])) + 3 * sum(map(int, digits[1:12:2]))
    return digits if (10 - total % 10) % 10 == int(digits[12]) else None


_DESCRIPTIVE_PARTS = _names(
    "Contributor",
    "Subject",
    "TitleDetail",
    "Collection",
    "Language",
    "Extent",
    "ProductForm",
    "ProductFormDetail",
    "PrimaryContentType",
    "AudienceCode",
    "Audience",
)


def _descriptive(detail, fields):
    form = primary = audience = None
    form_details = []
    contributors = []
    subjects = []
    thema_children = False
    parts = _DESCRIPTIVE_PARTS
    for child in detail:
        name = parts[child.tag]
        if name is None:
            continue
        if name == "Contributor":
            contributor = _contributor(child)
            if contributor is not None:
                contributors.append(contributor)
        elif name == "Subject":
            scheme, code, heading = _subject(child)
            if scheme in ("93", "94") and code and code.startswith("YB"):
                thema_children = True
            subject = f"{code} {heading}" if scheme == "66" and code and heading else heading or code
            if subject and subject not in subjects:
                subjects.append(subject)
        elif name == "TitleDetail":
            _title(child, fields)
        elif name == "Collection":
            _collection(child, fields)
        elif name == "Language":
            _language(child, fields)
        elif name == "Extent":
            _extent(child, fields)
        elif name == "ProductForm":
            form = (child.text or "").strip().upper()
        elif name == "ProductFormDetail":
            form_details.append((child.text or "").strip().upper())
        elif name == "PrimaryContentType":
            primary = (child.text or "").strip()
        elif name == "AudienceCode":
            audience = audience or codes.AUDIENCE_CODES.get((child.text or "").strip(), Audience.ADULTS)
        else:
            audience = audience or _audience(child)
    fields["medium"] = _medium(form, form_details, primary)
    if contributors:
        contributors.sort(key=_by_sequence)
        fields["contributors"] = tuple([contributor for _sequence, contributor in contributors])
    if subjects:
        fields["subjects"] = tuple(subjects)
    if audience is None and thema_children:
        audience = Audience.CHILDREN
    if audience is not None:
        fields["audience"] = audience


_by_sequence = operator.itemgetter(0)


def _medium(form, form_details, primary):
    if form and form[0] not in "AE":
        raise ProductError(f"ProductForm {form} is neither an e-book nor a downloadable audiobook")
    if form in codes.AUDIO_FORMS or primary in codes.PRIMARY_CONTENT_AUDIOBOOK:
        return Medium.AUDIOBOOK
    for detail in form_details:
        if detail.startswith("A1"):
            return Medium.AUDIOBOOK
    return Medium.EBOOK


_SUBJECT_PARTS = _names("SubjectSchemeIdentifier", "SubjectCode", "SubjectHeadingText")


def _subject(subject):
    """(scheme, code, heading) of a Subject, each stripped; the last of a repeated part wins."""
    scheme = code = heading = None
    for part in subject:
        name = _SUBJECT_PARTS[part.tag]
        if name == "SubjectCode":
            code = (part.text or "").strip()
        elif name == "SubjectHeadingText":
            heading = (part.text or "").strip()
        elif name == "SubjectSchemeIdentifier":
            scheme = (part.text or "").strip()
    return scheme, code, heading


_LANGUAGE_PARTS = _names("LanguageRole", "LanguageCode")


def _language(language, fields):
    role = code = None
    for part in language:
        name = _LANGUAGE_PARTS[part.tag]
        if name == "LanguageCode":
            code = part.text
        elif name == "LanguageRole":
            role = (part.text or "").strip()
    if code and role in (None, "01") and "language" not in fields:
        fields["language"] = codes.two_letter_language(code)


_AUDIENCE_PARTS = _names("AudienceCodeType", "AudienceCodeValue")


def _audience(composite):
    """The audience an Audience composite of type 01 (ONIX list 28) names, else None."""
    kind = value = None
    for part in composite:
        name = _AUDIENCE_PARTS[part.tag]
        if name == "AudienceCodeType":
            kind = (part.text or "").strip()
        elif name == "AudienceCodeValue":
            value = (part.text or "").strip()
    if kind in ("01", None) and value:
        return codes.AUDIENCE_CODES.get(value, Audience.ADULTS)
    return None


_TITLE_PARTS = _names("TitleElement", "TitleType")


def _title(title_detail, fields, series=False):
    """Read a TitleDetail: the product's own title, or with ``series`` a collection's."""
    title_type = chosen = None
    for child in title_detail:
        name = _TITLE_PARTS[child.tag]
        if name == "TitleElement":
            element = _title_element(child)
            if element[0] == "02" and not series:
                # A series named inside the product's own title detail.
                if element[1]:
                    fields.setdefault("series", element[1])
                if element[3]:
                    fields.setdefault("series_number", element[3])
            elif chosen is None or element[0] == "01":
                chosen = element
        elif name == "TitleType":
            title_type = (child.text or "").strip()
    if title_type not in ("01", None) or chosen is None:
        return
    _level, text, subtitle, part = chosen
    if series:
        if text:
            fields["series"] = text
        if part:
            fields["series_number"] = part
    elif not fields.get("title"):
        fields["title"] = text
        if subtitle:
            fields["subtitle"] = subtitle
        if part and "series" in fields:
            fields.setdefault("series_number", part)


# TitleElement part -> its place in (level, text, prefix, without prefix, subtitle, part number).
_TITLE_ELEMENT_PARTS = _TagMap(
    {
        "TitleElementLevel": 0,
        "TitleText": 1,
        "TitlePrefix": 2,
        "TitleWithoutPrefix": 3,
        "Subtitle": 4,
        "PartNumber": 5,
    }
)


def _title_element(element):
    values = [None] * 6
    for child in element:
        place = _TITLE_ELEMENT_PARTS[child.tag]
        if place is not None:
            values[place] = (child.text or "").strip()
    level, text, prefix, without, subtitle, part = values
    if not text and without:
        text = f"{prefix} {without}" if prefix else without
    return level or "01", text or None, subtitle or None, part or None


_COLLECTION_PARTS = _names("TitleDetail", "CollectionType", "CollectionSequence")
_SEQUENCE_NUMBER = _names("CollectionSequenceNumber")


def _collection(collection, fields):
    collection_type = sequence = None
    series = {}
    for child in collection:
        name = _COLLECTION_PARTS[child.tag]
        if name == "TitleDetail":
            _title(child, series, series=True)
        elif name == "CollectionType":
            collection_type = (child.text or "").strip()
        elif name == "CollectionSequence":
            for part in child:
                if _SEQUENCE_NUMBER[part.tag] is not None:
                    sequence = (part.text or "").strip() or None
    if collection_type not in ("10", "11", None) or "series" not in series or "series" in fields:
        return
    fields["series"] = series["series"]
    number = series.get("series_number") or sequence
    if number:
        fields["series_number"] = number


_CONTRIBUTOR_PARTS = _names(
    "ContributorRole",
    "PersonName",
    "PersonNameInverted",
    "SequenceNumber",
    "KeyNames",
    "NamesBeforeKey",
    "PrefixToKey",
    "CorporateName",
)


def _contributor(contributor):
    """(sequence number, ``Contributor``) for a Contributor in a role we show, else None."""
    sequence = 9999
    role = person = inverted = before = key_names = prefix = corporate = None
    for child in contributor:
        name = _CONTRIBUTOR_PARTS[child.tag]
        if name is None:
            continue
        # The first usable value of a repeated part wins; the last sequence number does.
        if name == "ContributorRole":
            role = role or codes.CONTRIBUTOR_ROLES.get((child.text or "").strip().upper())
        elif name == "PersonName":
            person = person or (child.text or "").strip()
        elif name == "PersonNameInverted":
            inverted = inverted or (child.text or "").strip()
        elif name == "SequenceNumber":
            text = (child.text or "").strip()
            sequence = int(text) if text.isdigit() else sequence
        elif name == "KeyNames":
            key_names = key_names or (child.text or "").strip()
        elif name == "NamesBeforeKey":
            before = before or (child.text or "").strip()
        elif name == "PrefixToKey":
            prefix = prefix or (child.text or "").strip()
        else:
            corporate = corporate or (child.text or "").strip()
    if role is None:
        return None
    keys = f"{prefix} {key_names}" if prefix and key_names else key_names
    if not person:
        if keys:
            person = f"{before} {keys}" if before else keys
        elif inverted:
            family, _comma, given = inverted.partition(",")
            person = f"{given.strip()} {family.strip()}".strip()
        else:
            person = corporate
    if not person:
        return None
    if not inverted and keys:
        inverted = f"{keys}, {before}" if before else keys
    return sequence, _credit(person, role, inverted or None)


_CREDITS = {}
_CREDITS_KEPT = 4096


def _credit(name, role, sort_name):
    """The ``Contributor``, shared between records (it is immutable): a prolific author is built once, not per book."""
    key = (name, role, sort_name)
    contributor = _CREDITS.get(key)
    if contributor is None:
        if len(_CREDITS) >= _CREDITS_KEPT:
            _CREDITS.clear()  # bounded: memory stays flat over any delivery
        contributor = _CREDITS[key] = Contributor(name=name, role=role, sort_name=sort_name)
    return contributor


_EXTENT_PARTS = _names("ExtentType", "ExtentValue", "ExtentUnit")


def _extent(extent, fields):
    kind = value = unit = None
    for child in extent:
        name = _EXTENT_PARTS[child.tag]
        if name == "ExtentValue":
            value = (child.text or "").strip()
        elif name == "ExtentType":
            kind = (child.text or "").strip()
        elif name == "ExtentUnit":
            unit = (child.text or "").strip()
    if not value:
        return
    if kind == codes.EXTENT_DURATION:
        seconds = _duration(value, unit)
        if seconds is not None:
            fields["duration_seconds"] = seconds
    elif kind in codes.EXTENT_PAGES and unit in ("03", None) and "page_count" not in fields:
        pages = _number(value)
        if pages:
            fields["page_count"] = int(pages)


def _number(value):
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def _duration(value, unit):
    """Seconds for an ONIX extent value; units 04 hours, 05 minutes, 06 seconds, 15 HHHMM, 16 HHHMMSS."""
    if unit in ("15", "16") and value.isdigit():
        if unit == "15":
            value = value.zfill(5)
            return int(value[:-2]) * 3600 + int(value[-2:]) * 60
        value = value.zfill(7)
        return int(value[:-4]) * 3600 + int(value[-4:-2]) * 60 + int(value[-2:])
    number = _number(value)
    if number is None:
        return None
    factor = {"04": 3600, "14": 3600, "06": 1}.get(unit, 60)
    return round(number * factor)


_COLLATERAL_PARTS = _names("TextContent", "SupportingResource")


def _collateral(collateral, fields):
    parts = _COLLATERAL_PARTS
    for child in collateral:
        name = parts[child.tag]
        if name == "TextContent":
            _text_content(child, fields)
        elif name == "SupportingResource":
            _supporting_resource(child, fields)


_TEXT_CONTENT_PARTS = _names("TextType", "Text")


def _text_content(content, fields):
    text_type = text = None
    for part in content:
        name = _TEXT_CONTENT_PARTS[part.tag]
        if name == "Text":
            # XHTML descriptions arrive as child elements; keep their words.
            text = ("".join(part.itertext()) if len(part) else part.text or "").strip()
        elif name == "TextType":
            text_type = (part.text or "").strip()
    if text and (text_type == "03" or (text_type == "02" and "description" not in fields)):
        fields["description"] = text


_RESOURCE_PARTS = _names("ResourceContentType", "ResourceVersion")
_RESOURCE_LINK = _names("ResourceLink")


def _supporting_resource(resource, fields):
    content_type = link = None
    for part in resource:
        name = _RESOURCE_PARTS[part.tag]
        if name == "ResourceContentType":
            content_type = (part.text or "").strip()
        elif name == "ResourceVersion" and link is None:
            # The first version with a link is the one we show.
            for version in part:
                if _RESOURCE_LINK[version.tag] is not None:
                    link = (version.text or "").strip()
    if link and content_type == "01":
        fields.setdefault("cover_url", link)
    elif link and content_type == "15":
        fields.setdefault("sample_url", link)


_PUBLISHING_PARTS = _names("PublishingDate", "Publisher", "PublishingStatus")
_DATE_PARTS = _names("PublishingDateRole", "Date")
_PUBLISHER_PARTS = _names("PublishingRole", "PublisherName")


def _publishing(detail, fields):
    parts = _PUBLISHING_PARTS
    for child in detail:
        name = parts[child.tag]
        if name == "PublishingDate":
            _publishing_date(child, fields)
        elif name == "Publisher":
            _publisher(child, fields)
        elif name == "PublishingStatus":
            fields["withdrawn_status"] = (child.text or "").strip() in codes.WITHDRAWN_STATUSES


def _publishing_date(publishing_date, fields):
    role = date = date_format = None
    for part in publishing_date:
        name = _DATE_PARTS[part.tag]
        if name == "Date":
            date = (part.text or "").strip()
            date_format = part.get("dateformat")
        elif name == "PublishingDateRole":
            role = (part.text or "").strip()
    if role in ("01", None) and date:
        fields["published"] = parse_date(date, date_format)


def _publisher(publisher, fields):
    role = name = None
    for part in publisher:
        part_name = _PUBLISHER_PARTS[part.tag]
        if part_name == "PublisherName":
            name = (part.text or "").strip()
        elif part_name == "PublishingRole":
            role = (part.text or "").strip()
    if name and (role in ("01", None) or "publisher" not in fields):
        fields["publisher"] = name


# ProductAvailability in any namespace, reference or short tag: lxml picks them out without a Python loop.
_AVAILABILITY_TAGS = ("{*}ProductAvailability", f"{{*}}{codes.REFERENCE_TO_SHORT['ProductAvailability']}")


def _supply(supply, fields):
    availabilities = [(element.text or "").strip() for element in supply.iter(_AVAILABILITY_TAGS)]
    if availabilities:
        fields["withdrawn_supply"] = codes.WITHDRAWN_AVAILABILITIES.issuperset(availabilities)


_PRODUCT_PARTS = _TagMap(
    {
        "RecordReference": _record_reference,
        "NotificationType": _notification_type,
        "ProductIdentifier": _product_identifier,
        "DescriptiveDetail": _descriptive,
        "CollateralDetail": _collateral,
        "PublishingDetail": _publishing,
        "ProductSupply": _supply,
    }
)


def parse_date(text, date_format=None):
    """An ONIX date (format 00 YYYYMMDD, 01 YYYYMM, 05 YYYY, or ISO with dashes) as a ``date``."""
    digits = text.replace("-", "")
    if date_format in ("05",) and len(digits) >= 4:
        digits = digits[:4]
    try:
        if len(digits) == 8 and digits.isdigit():
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if len(digits) == 6 and digits.isdigit():
            return dt.date(int(digits[:4]), int(digits[4:]), 1)
        if len(digits) == 4 and digits.isdigit():
            return dt.date(int(digits), 1, 1)
    except ValueError as error:
        raise ProductError(f"bad publishing date {text!r}: {error}") from error
    raise ProductError(f"bad publishing date {text!r}")


def _sent_at(header):
    for child in header.iter():
        if NAMES[child.tag] == "SentDateTime":
            return parse_timestamp(child.text)
    return None


def parse_timestamp(text):
    """An ONIX SentDateTime (YYYYMMDD[Thhmm[ss]][Z|±hhmm]) or ISO 8601 as an aware datetime; None if unreadable."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) >= 8 and text[:8].isdigit():
        value = _compact_timestamp(text)
    else:
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _compact_timestamp(text):
    date, _t, rest = text.partition("T")
    digits = len(rest) - len(rest.lstrip("0123456789"))
    clock, zone = rest[:digits], rest[digits:]
    if len(date) != 8 or len(clock) not in (0, 4, 6) or zone not in ("", "Z") and len(zone) != 5:
        return None
    try:
        value = dt.datetime(
            int(date[:4]),
            int(date[4:6]),
            int(date[6:8]),
            int(clock[:2] or 0),
            int(clock[2:4] or 0),
            int(clock[4:6] or 0),
        )
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
            return value.replace(tzinfo=dt.timezone(sign * offset))
    except ValueError:
        return None
    return value.replace(tzinfo=dt.UTC)


def read_delivery_file(path, *, page_size=PAGE_SIZE, start=0, label=None):
    """Scan and read an ONIX file on disk: ``Page``s, streaming."""
    label = label or os.path.basename(str(path))
    try:
        scanner = scan_file(path)
    except OSError as error:
        raise MalformedResponse(f"onix: {label} cannot be read: {error}") from error
    yield from read_pages(str(path), scanner, page_size=page_size, start=start, label=label)
