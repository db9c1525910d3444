"""Writing ONIX for Books 3.0: the sandbox vendor's deliveries and the benchmark's files.

Streaming: products become text one at a time, so 100,000 products never sit
in memory. Templates are written with reference tags; the short-tag variants
are derived from them once, at import.
"""

from __future__ import annotations

import datetime as dt
import re

from . import codes
from .catalogue import Catalogue

_REFERENCE = {
    "open": '<?xml version="1.0" encoding="UTF-8"?>\n<ONIXMessage release="3.0"{xmlns}>\n'
    "<Header><Sender><SenderName>{sender}</SenderName></Sender><SentDateTime>{sent}</SentDateTime></Header>\n",
    "close": "</ONIXMessage>\n",
    "product_open": "<Product><RecordReference>{key}</RecordReference><NotificationType>{notification}"
    "</NotificationType><RecordSourceName>{sender}</RecordSourceName>"
    "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{isbn}</IDValue></ProductIdentifier>",
    "delete": "<Product><RecordReference>{key}</RecordReference><NotificationType>05</NotificationType>"
    "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{isbn}</IDValue></ProductIdentifier>"
    "</Product>\n",
    "form": "<DescriptiveDetail><ProductComposition>00</ProductComposition><ProductForm>{form}</ProductForm>"
    "<ProductFormDetail>{form_detail}</ProductFormDetail>{protection}<PrimaryContentType>{primary}"
    "</PrimaryContentType>",
    "protection": "<EpubTechnicalProtection>06</EpubTechnicalProtection>",
    "collection": "<Collection><CollectionType>10</CollectionType><TitleDetail><TitleType>01</TitleType>"
    "<TitleElement><TitleElementLevel>02</TitleElementLevel><PartNumber>{part}</PartNumber>"
    "<TitleText>{series}</TitleText></TitleElement></TitleDetail></Collection>",
    "title": "<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>"
    "{title}{subtitle}</TitleElement></TitleDetail>",
    "title_text": "<TitleText>{text}</TitleText>",
    "title_prefixed": "<TitlePrefix>{prefix}</TitlePrefix><TitleWithoutPrefix>{text}</TitleWithoutPrefix>",
    "subtitle": "<Subtitle>{text}</Subtitle>",
    "contributor": "<Contributor><SequenceNumber>{sequence}</SequenceNumber><ContributorRole>{role}"
    "</ContributorRole><PersonName>{name}</PersonName><PersonNameInverted>{inverted}</PersonNameInverted>"
    "</Contributor>",
    "language": "<Language><LanguageRole>01</LanguageRole><LanguageCode>{code}</LanguageCode></Language>",
    "pages": "<Extent><ExtentType>00</ExtentType><ExtentValue>{value}</ExtentValue><ExtentUnit>03</ExtentUnit>"
    "</Extent>",
    "duration": "<Extent><ExtentType>09</ExtentType><ExtentValue>{value}</ExtentValue><ExtentUnit>16</ExtentUnit>"
    "</Extent>",
    "subject": "<Subject><SubjectSchemeIdentifier>{scheme}</SubjectSchemeIdentifier><SubjectCode>{code}</SubjectCode>"
    "<SubjectHeadingText>{heading}</SubjectHeadingText></Subject>",
    "audience": "<AudienceCode>{code}</AudienceCode></DescriptiveDetail>",
    "collateral": "<CollateralDetail><TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience>"
    "<Text>{description}</Text></TextContent><SupportingResource><ResourceContentType>01</ResourceContentType>"
    "<ContentAudience>00</ContentAudience><ResourceMode>03</ResourceMode><ResourceVersion><ResourceForm>02"
    "</ResourceForm><ResourceLink>{cover}</ResourceLink></ResourceVersion></SupportingResource></CollateralDetail>",
    "publishing": "<PublishingDetail><Publisher><PublishingRole>01</PublishingRole><PublisherName>{publisher}"
    "</PublisherName></Publisher><PublishingStatus>{status}</PublishingStatus><PublishingDate><PublishingDateRole>01"
    "</PublishingDateRole><Date>{published}</Date></PublishingDate></PublishingDetail>",
    "supply": "<ProductSupply><SupplyDetail><Supplier><SupplierRole>09</SupplierRole><SupplierName>{sender}"
    "</SupplierName></Supplier><ProductAvailability>{availability}</ProductAvailability><UnpricedItemType>04"
    "</UnpricedItemType></SupplyDetail></ProductSupply></Product>\n",
}


def _to_short(template):
    def rename(match):
        return match.group(1) + codes.REFERENCE_TO_SHORT.get(match.group(2), match.group(2))

    return re.sub(r"(</?)([A-Za-z]\w*)", rename, template)


_SHORT = {name: _to_short(template) for name, template in _REFERENCE.items()}

SENDER = "Northlight Digital Lending"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text):
    """``text`` escaped for XML element content and attribute values."""
    return str(text).translate(_ESCAPES)


_x = escape


def _hhhmmss(seconds):
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:03d}{minutes:02d}{seconds:02d}"


def message_open(sent, *, short_tags=False, namespace=True):
    """The ONIX message start and header, ``sent`` an aware datetime."""
    templates = _SHORT if short_tags else _REFERENCE
    xmlns = ""
    if namespace:
        xmlns = f' xmlns="{codes.SHORT_NAMESPACE if short_tags else codes.REFERENCE_NAMESPACE}"'
    stamp = sent.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return templates["open"].format(xmlns=xmlns, sender=_x(SENDER), sent=stamp)


def message_close(*, short_tags=False):
    return (_SHORT if short_tags else _REFERENCE)["close"]


def product_xml(product, cover_base, *, short_tags=False, notification="03"):
    """One ``Product`` element (a deletion notice when ``notification`` is "05")."""
    t = _SHORT if short_tags else _REFERENCE
    if notification == "05":
        return t["delete"].format(key=_x(product.key), isbn=product.isbn)
    audio = product.medium == "audiobook"
    parts = [
        t["product_open"].format(key=_x(product.key), notification=notification, sender=_x(SENDER), isbn=product.isbn),
        t["form"].format(
            form="AJ" if audio else "ED",
            form_detail="A103" if audio else "E101",
            protection="" if audio else t["protection"],
            primary="01" if audio else "10",
        ),
    ]
    if product.series:
        parts.append(t["collection"].format(part=_x(product.series_number or ""), series=_x(product.series)))
    if product.title_prefix:
        title = t["title_prefixed"].format(prefix=_x(product.title_prefix), text=_x(product.title))
    else:
        title = t["title_text"].format(text=_x(product.title))
    subtitle = t["subtitle"].format(text=_x(product.subtitle)) if product.subtitle else ""
    parts.append(t["title"].format(title=title, subtitle=subtitle))
    for sequence, (role, name, inverted) in enumerate(product.contributors, 1):
        parts.append(t["contributor"].format(sequence=sequence, role=role, name=_x(name), inverted=_x(inverted)))
    parts.append(t["language"].format(code=product.language))
    if product.pages:
        parts.append(t["pages"].format(value=product.pages))
    if product.duration_seconds:
        parts.append(t["duration"].format(value=_hhhmmss(product.duration_seconds)))
    for scheme, code, heading in product.subjects:
        parts.append(t["subject"].format(scheme=scheme, code=_x(code), heading=_x(heading)))
    parts.append(t["audience"].format(code=product.audience))
    parts.append(
        t["collateral"].format(description=_x(product.description), cover=_x(f"{cover_base}covers/{product.key}.svg"))
    )
    parts.append(
        t["publishing"].format(
            publisher=_x(product.publisher),
            status="11" if product.withdrawn else "04",
            published=product.published.strftime("%Y%m%d"),
        )
    )
    parts.append(t["supply"].format(sender=_x(SENDER), availability="46" if product.withdrawn else "20"))
    return "".join(parts)


def onix_chunks(items, cover_base, sent, *, short_tags=False, namespace=True, chunk_chars=64 * 1024):
    """Yield an ONIX message as UTF-8 byte chunks; ``items`` yields ``(product, notification)`` pairs."""
    buffer = [message_open(sent, short_tags=short_tags, namespace=namespace)]
    size = len(buffer[0])
    for product, notification in items:
        text = product_xml(product, cover_base, short_tags=short_tags, notification=notification)
        buffer.append(text)
        size += len(text)
        if size >= chunk_chars:
            yield "".join(buffer).encode()
            buffer.clear()
            size = 0
    buffer.append(message_close(short_tags=short_tags))
    yield "".join(buffer).encode()


def write_onix(
    path,
    count,
    short_tags=False,
    *,
    namespace=True,
    seed=7,
    cover_base="http://sandbox.invalid/",
    sent=None,
):
    """Write the first ``count`` products of the sandbox catalogue to ``path`` as one ONIX delivery.

    Streaming: memory stays flat however large ``count`` is. Returns ``path``.
    """
    catalogue = Catalogue(count, seed=seed)
    sent = sent or dt.datetime(2024, 4, 23, 6, 0, tzinfo=dt.UTC)
    items = ((product, "03") for product in catalogue)
    with open(path, "wb") as file:
        for chunk in onix_chunks(items, cover_base, sent, short_tags=short_tags, namespace=namespace):
            file.write(chunk)
    return path
