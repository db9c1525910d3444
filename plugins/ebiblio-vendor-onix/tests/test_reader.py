"""Reading ONIX 3.0: reference and short tags, every field, lenient input, bad products and broken files."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from ebiblio_vendor_onix import reader
from ebiblio_vendor_onix.codes import REFERENCE_NAMESPACE, SHORT_NAMESPACE, two_letter_language
from ebiblio_vendor_onix.writer import _to_short

from ebiblio_portal.interfaces import MalformedResponse
from ebiblio_portal.values import Audience, ContributorRole, Medium, PublicationRecord, RecordError

FULL_PRODUCT = """
<Product>
  <RecordReference>ref-1</RecordReference>
  <NotificationType>03</NotificationType>
  <ProductIdentifier><ProductIDType>01</ProductIDType><IDValue>internal-77</IDValue></ProductIdentifier>
  <ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>978-1-900000-00-0</IDValue></ProductIdentifier>
  <DescriptiveDetail>
    <ProductComposition>00</ProductComposition>
    <ProductForm>AJ</ProductForm>
    <ProductFormDetail>A103</ProductFormDetail>
    <PrimaryContentType>01</PrimaryContentType>
    <Collection>
      <CollectionType>10</CollectionType>
      <TitleDetail><TitleType>01</TitleType>
        <TitleElement><TitleElementLevel>02</TitleElementLevel><PartNumber>3</PartNumber>
          <TitleText>Harbour Mysteries</TitleText></TitleElement>
      </TitleDetail>
    </Collection>
    <TitleDetail><TitleType>01</TitleType>
      <TitleElement><TitleElementLevel>01</TitleElementLevel><TitlePrefix>The</TitlePrefix>
        <TitleWithoutPrefix>Silent Harbour</TitleWithoutPrefix><Subtitle>A Novel</Subtitle></TitleElement>
    </TitleDetail>
    <Contributor><SequenceNumber>2</SequenceNumber><ContributorRole>E07</ContributorRole>
      <NamesBeforeKey>Emma</NamesBeforeKey><KeyNames>Reed</KeyNames></Contributor>
    <Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole>
      <PersonName>Anna Berg</PersonName><PersonNameInverted>Berg, Anna</PersonNameInverted>
      <AlternativeName><NameType>04</NameType><PersonName>A. B. Pseudonym</PersonName></AlternativeName></Contributor>
    <Contributor><SequenceNumber>3</SequenceNumber><ContributorRole>B06</ContributorRole>
      <PersonNameInverted>Holm, Nils</PersonNameInverted></Contributor>
    <Contributor><SequenceNumber>4</SequenceNumber><ContributorRole>A12</ContributorRole>
      <PersonName>Ida Lund</PersonName></Contributor>
    <Contributor><SequenceNumber>5</SequenceNumber><ContributorRole>B01</ContributorRole>
      <PersonName>Felix Keller</PersonName></Contributor>
    <Contributor><SequenceNumber>6</SequenceNumber><ContributorRole>Z99</ContributorRole>
      <PersonName>Somebody Else</PersonName></Contributor>
    <Language><LanguageRole>02</LanguageRole><LanguageCode>fin</LanguageCode></Language>
    <Language><LanguageRole>01</LanguageRole><LanguageCode>ger</LanguageCode></Language>
    <Extent><ExtentType>09</ExtentType><ExtentValue>01035</ExtentValue><ExtentUnit>15</ExtentUnit></Extent>
    <Subject><SubjectSchemeIdentifier>66</SubjectSchemeIdentifier><SubjectCode>84.2</SubjectCode>
      <SubjectHeadingText>Vieraskielinen kaunokirjallisuus</SubjectHeadingText></Subject>
    <Subject><SubjectSchemeIdentifier>69</SubjectSchemeIdentifier><SubjectHeadingText>dekkarit</SubjectHeadingText></Subject>
    <Subject><SubjectSchemeIdentifier>71</SubjectSchemeIdentifier><SubjectCode>p1234</SubjectCode>
      <SubjectHeadingText>satamat</SubjectHeadingText></Subject>
    <Subject><SubjectSchemeIdentifier>93</SubjectSchemeIdentifier><SubjectCode>FF</SubjectCode></Subject>
    <AudienceCode>03</AudienceCode>
  </DescriptiveDetail>
  <CollateralDetail>
    <TextContent><TextType>02</TextType><ContentAudience>00</ContentAudience><Text>Short.</Text></TextContent>
    <TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience>
      <Text textformat="05"><p xmlns="http://www.w3.org/1999/xhtml">A <em>quiet</em> harbour.</p></Text></TextContent>
    <SupportingResource><ResourceContentType>15</ResourceContentType><ContentAudience>00</ContentAudience>
      <ResourceMode>04</ResourceMode><ResourceVersion><ResourceForm>02</ResourceForm>
      <ResourceLink>https://example.invalid/sample.mp3</ResourceLink></ResourceVersion></SupportingResource>
    <SupportingResource><ResourceContentType>01</ResourceContentType><ContentAudience>00</ContentAudience>
      <ResourceMode>03</ResourceMode><ResourceVersion><ResourceForm>02</ResourceForm>
      <ResourceLink>https://example.invalid/cover.jpg</ResourceLink></ResourceVersion></SupportingResource>
  </CollateralDetail>
  <PublishingDetail>
    <Publisher><PublishingRole>02</PublishingRole><PublisherName>Co-publisher</PublisherName></Publisher>
    <Publisher><PublishingRole>01</PublishingRole><PublisherName>Borealis Audio</PublisherName></Publisher>
    <PublishingStatus>04</PublishingStatus>
    <PublishingDate><PublishingDateRole>19</PublishingDateRole><Date>19990101</Date></PublishingDate>
    <PublishingDate><PublishingDateRole>01</PublishingDateRole><Date dateformat="00">20230915</Date></PublishingDate>
  </PublishingDetail>
  <ProductSupply><SupplyDetail><Supplier><SupplierRole>09</SupplierRole><SupplierName>X</SupplierName></Supplier>
    <ProductAvailability>20</ProductAvailability>
    <SupplyDate><SupplyDateRole>08</SupplyDateRole><Date>20000101</Date></SupplyDate>
    <UnpricedItemType>04</UnpricedItemType></SupplyDetail></ProductSupply>
</Product>
"""

SENT = "<Header><Sender><SenderName>Test</SenderName></Sender><SentDateTime>20240601T0930Z</SentDateTime></Header>"


def message(*products, short=False, namespace=True, header=SENT):
    body = header + "".join(products)
    text = f'<ONIXMessage release="3.0"{{xmlns}}>{body}</ONIXMessage>'
    if short:
        text = _to_short(text)
    xmlns = ""
    if namespace:
        xmlns = f' xmlns="{SHORT_NAMESPACE if short else REFERENCE_NAMESPACE}"'
    return text.replace("{xmlns}", xmlns).encode()


def product(key, title="A Title", *, notification="03", extra="", form="ED", date="20200101", status="04"):
    reference = f"<RecordReference>{key}</RecordReference>" if key else ""
    title_detail = (
        f"<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>"
        f"<TitleText>{title}</TitleText></TitleElement></TitleDetail>"
        if title
        else ""
    )
    return (
        f"<Product>{reference}<NotificationType>{notification}</NotificationType>"
        f"<DescriptiveDetail><ProductComposition>00</ProductComposition><ProductForm>{form}</ProductForm>"
        f"{title_detail}<Language><LanguageRole>01</LanguageRole><LanguageCode>eng</LanguageCode></Language>"
        f"</DescriptiveDetail><PublishingDetail><PublishingStatus>{status}</PublishingStatus>"
        f"<PublishingDate><PublishingDateRole>01</PublishingDateRole><Date>{date}</Date></PublishingDate>"
        f"</PublishingDetail>{extra}</Product>"
    )


def read_all(data, page_size=1000, start=0):
    scanner = reader.KeyScanner()
    scanner.feed(data)
    return list(reader.read_pages(io.BytesIO(data), scanner.close(), page_size=page_size, start=start))


def records_of(pages):
    return [record for page in pages for record in page.records]


@pytest.mark.parametrize("short", [False, True], ids=["reference", "short"])
@pytest.mark.parametrize("namespace", [True, False], ids=["namespaced", "bare"])
def test_every_field_is_read_from_reference_and_short_tags(short, namespace):
    pages = read_all(message(FULL_PRODUCT, short=short, namespace=namespace))
    (record,) = records_of(pages)
    assert isinstance(record, PublicationRecord)
    assert record.vendor_key == "ref-1"
    assert record.isbn == "9781900000000"
    assert record.medium is Medium.AUDIOBOOK
    assert record.title == "The Silent Harbour" and record.subtitle == "A Novel"
    assert record.series == "Harbour Mysteries" and record.series_number == "3"
    assert [(c.name, c.role, c.sort_name) for c in record.contributors] == [
        ("Anna Berg", ContributorRole.AUTHOR, "Berg, Anna"),
        ("Emma Reed", ContributorRole.NARRATOR, "Reed, Emma"),
        ("Nils Holm", ContributorRole.TRANSLATOR, "Holm, Nils"),
        ("Ida Lund", ContributorRole.ILLUSTRATOR, None),
        ("Felix Keller", ContributorRole.EDITOR, None),
    ]
    assert record.language == "de"
    assert record.duration_seconds == 10 * 3600 + 35 * 60
    assert record.subjects == ("84.2 Vieraskielinen kaunokirjallisuus", "dekkarit", "satamat", "FF")
    assert record.audience is Audience.YOUNG
    assert record.description == "A quiet harbour."
    assert record.cover_url == "https://example.invalid/cover.jpg"
    assert record.sample_url == "https://example.invalid/sample.mp3"
    assert record.publisher == "Borealis Audio"
    assert record.published == dt.date(2023, 9, 15)
    assert record.modified == dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.UTC)
    assert record.withdrawn is False
    assert pages[-1].complete and pages[-1].offset == 1


def test_an_ebook_with_page_count_and_plain_title():
    data = message(
        product("e-1", "Seven Brothers").replace(
            "<ProductForm>ED</ProductForm>",
            "<ProductForm>ED</ProductForm><ProductFormDetail>E101</ProductFormDetail>"
            "<Extent><ExtentType>00</ExtentType><ExtentValue>368</ExtentValue><ExtentUnit>03</ExtentUnit></Extent>",
        )
    )
    (record,) = records_of(read_all(data))
    assert record.medium is Medium.EBOOK and record.title == "Seven Brothers"
    assert record.page_count == 368 and record.duration_seconds is None
    assert record.audience is Audience.ADULTS and record.language == "en"


@pytest.mark.parametrize(
    ("value", "unit", "seconds"),
    [("95", "05", 95 * 60), ("0130", "15", 90 * 60), ("0013015", "16", 3600 + 30 * 60 + 15), ("1.5", "04", 5400)],
)
def test_durations_in_every_unit(value, unit, seconds):
    extent = (
        f"<Extent><ExtentType>09</ExtentType><ExtentValue>{value}</ExtentValue><ExtentUnit>{unit}</ExtentUnit></Extent>"
    )
    data = message(product("d", form="AJ").replace("<Language>", extent + "<Language>"))
    (record,) = records_of(read_all(data))
    assert record.duration_seconds == seconds and record.medium is Medium.AUDIOBOOK


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fin", "fi"),
        ("swe", "sv"),
        ("eng", "en"),
        ("ger", "de"),
        ("fre", "fr"),
        ("spa", "es"),
        ("SV", "sv"),
        ("xyz", "xyz"),
    ],
)
def test_language_codes_become_two_letters(code, expected):
    assert two_letter_language(code) == expected


def test_a_product_without_a_language_is_undetermined():
    data = message(product("x").replace("<LanguageCode>eng</LanguageCode>", ""))
    assert records_of(read_all(data))[0].language == "und"


@pytest.mark.parametrize(
    ("status", "availability", "withdrawn"),
    [("04", "20", False), ("11", "20", True), ("04", "40", True), ("04", "43", True), ("07", "21", True)],
)
def test_withdrawn_by_publishing_status_or_availability(status, availability, withdrawn):
    supply = (
        f"<ProductSupply><SupplyDetail><ProductAvailability>{availability}</ProductAvailability>"
        "</SupplyDetail></ProductSupply>"
    )
    (record,) = records_of(read_all(message(product("w", status=status, extra=supply))))
    assert record.withdrawn is withdrawn


def test_a_deletion_notice_removes_the_product():
    pages = read_all(message(product("keep"), product("gone", notification="05")))
    assert [record.vendor_key for record in records_of(pages)] == ["keep"]
    assert pages[0].removed == ("gone",)


def test_children_audience_from_thema_and_audience_composite():
    thema = "<Subject><SubjectSchemeIdentifier>93</SubjectSchemeIdentifier><SubjectCode>YBC</SubjectCode></Subject>"
    audience = "<Audience><AudienceCodeType>01</AudienceCodeType><AudienceCodeValue>02</AudienceCodeValue></Audience>"
    first = product("t").replace("</DescriptiveDetail>", thema + "</DescriptiveDetail>")
    second = product("a").replace("</DescriptiveDetail>", audience + "</DescriptiveDetail>")
    records = records_of(read_all(message(first, second)))
    assert [record.audience for record in records] == [Audience.CHILDREN, Audience.CHILDREN]


def test_lenient_values_are_accepted():
    lenient = product("l", date="2021-03").replace(
        "<RecordReference>l</RecordReference>", "<RecordReference>  l  </RecordReference>"
    )
    lenient = lenient.replace(
        "<NotificationType>03</NotificationType>",
        "<NotificationType>03</NotificationType><ProductIdentifier><ProductIDType>15</ProductIDType>"
        "<IDValue>9781900000001</IDValue></ProductIdentifier>",  # wrong check digit: dropped, record kept
    )
    (record,) = records_of(read_all(message(lenient)))
    assert record.vendor_key == "l" and record.published == dt.date(2021, 3, 1) and record.isbn is None


@pytest.mark.parametrize(
    ("bad", "message_part"),
    [
        (product(None), "no RecordReference"),
        (product("no-title", title=None), "no title"),
        (product("bad-date", date="20231345"), "bad publishing date"),
        (product("paper", form="BC"), "neither an e-book"),
    ],
)
def test_a_bad_product_is_a_record_error_and_the_rest_go_on(bad, message_part):
    pages = read_all(message(product("before"), bad, product("after")))
    assert [record.vendor_key for record in records_of(pages)] == ["before", "after"]
    (error,) = [error for page in pages for error in page.errors]
    assert isinstance(error, RecordError) and message_part in error.message and error.excerpt.startswith("<")


def test_duplicates_last_one_wins_and_is_counted_once():
    products = [product(f"k{index}", f"Title {index}") for index in range(10)]
    products.insert(3, product("k1", "Title 1 (revised)"))  # near: same page
    products.append(product("k0", "Title 0 (revised)"))  # far: a later page
    pages = read_all(message(*products), page_size=4)
    records = records_of(pages)
    titles = {record.vendor_key: record.title for record in records}
    assert len(records) == len(titles) == 10
    assert titles["k0"] == "Title 0 (revised)" and titles["k1"] == "Title 1 (revised)"
    assert {page.total for page in pages} == {10}


def test_a_deletion_after_an_update_of_the_same_product_wins():
    pages = read_all(message(product("k"), product("k", notification="05")))
    assert records_of(pages) == [] and pages[0].removed == ("k",)


def test_reading_resumes_after_an_offset():
    data = message(*[product(f"k{index}") for index in range(10)])
    pages = read_all(data, page_size=3)
    resumed = read_all(data, page_size=3, start=pages[0].offset)
    assert [record.vendor_key for record in records_of(resumed)] == [f"k{index}" for index in range(3, 10)]


def test_a_truncated_file_yields_what_was_good_then_raises():
    data = message(*[product(f"k{index}") for index in range(10)])
    cut = data[: data.index(b"<RecordReference>k7<")]
    scanner = reader.KeyScanner()
    scanner.feed(cut)
    seen = []
    with pytest.raises(MalformedResponse, match="breaks off after 7 products"):
        for page in reader.read_pages(io.BytesIO(cut), scanner.close(), page_size=5):
            seen.append(page)
    assert [record.vendor_key for record in records_of(seen)] == [f"k{index}" for index in range(7)]
    assert not any(page.complete for page in seen)


@pytest.mark.parametrize("data", [b"", b"not xml at all", b'{"json": true}', b"<ONIXMessage><Product>"])
def test_something_that_is_not_onix_is_malformed(data):
    with pytest.raises(MalformedResponse):
        read_all(data)


def test_entities_are_not_expanded():
    data = b'<?xml version="1.0"?><!DOCTYPE ONIXMessage [<!ENTITY secret SYSTEM "file:///etc/passwd">]>' + message(
        product("x", "&secret;")
    )
    pages = read_all(data)
    assert "root:" not in repr(pages)


def test_the_key_scanner_finds_keys_split_across_chunks():
    data = message(product("split-key"), product("other"), product("split-key"), short=True)
    scanner = reader.KeyScanner()
    for index in range(0, len(data), 7):
        scanner.feed(data[index : index + 7])
    assert scanner.close().repeated == {"split-key"} and scanner.distinct == 2


def test_parse_timestamp_forms():
    assert reader.parse_timestamp("20240601") == dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    assert reader.parse_timestamp("20240601T101500+0200") == dt.datetime(2024, 6, 1, 8, 15, tzinfo=dt.UTC)
    assert reader.parse_timestamp("2024-06-01T10:15:00Z") == dt.datetime(2024, 6, 1, 10, 15, tzinfo=dt.UTC)
    assert reader.parse_timestamp("yesterday") is None
