"""ONIX for Books 3.0 names and code lists this plugin reads and writes.

Only the part of the standard a lending catalogue needs: the short-tag names
of the elements we read, and the code-list values that change a record.
"""

from __future__ import annotations

from ebiblio_portal.values import Audience, ContributorRole

REFERENCE_NAMESPACE = "http://ns.editeur.org/onix/3.0/reference"
SHORT_NAMESPACE = "http://ns.editeur.org/onix/3.0/short"

# Short tag -> reference name, for every element this plugin reads or writes.
SHORT_TO_REFERENCE = {
    "ONIXmessage": "ONIXMessage",
    "header": "Header",
    "sender": "Sender",
    "x298": "SenderName",
    "x307": "SentDateTime",
    "product": "Product",
    "a001": "RecordReference",
    "a002": "NotificationType",
    "a194": "RecordSourceType",
    "a197": "RecordSourceName",
    "productidentifier": "ProductIdentifier",
    "b221": "ProductIDType",
    "b244": "IDValue",
    "descriptivedetail": "DescriptiveDetail",
    "x314": "ProductComposition",
    "b012": "ProductForm",
    "b333": "ProductFormDetail",
    "x317": "EpubTechnicalProtection",
    "x416": "PrimaryContentType",
    "b385": "ProductContentType",
    "collection": "Collection",
    "x329": "CollectionType",
    "collectionsequence": "CollectionSequence",
    "x479": "CollectionSequenceType",
    "x481": "CollectionSequenceNumber",
    "titledetail": "TitleDetail",
    "b202": "TitleType",
    "titleelement": "TitleElement",
    "x409": "TitleElementLevel",
    "x410": "PartNumber",
    "b203": "TitleText",
    "b030": "TitlePrefix",
    "b031": "TitleWithoutPrefix",
    "b029": "Subtitle",
    "contributor": "Contributor",
    "b034": "SequenceNumber",
    "b035": "ContributorRole",
    "b036": "PersonName",
    "b037": "PersonNameInverted",
    "b039": "NamesBeforeKey",
    "b247": "PrefixToKey",
    "b040": "KeyNames",
    "b047": "CorporateName",
    "language": "Language",
    "b253": "LanguageRole",
    "b252": "LanguageCode",
    "extent": "Extent",
    "b218": "ExtentType",
    "b219": "ExtentValue",
    "b220": "ExtentUnit",
    "subject": "Subject",
    "x425": "MainSubject",
    "b067": "SubjectSchemeIdentifier",
    "b069": "SubjectCode",
    "b070": "SubjectHeadingText",
    "b073": "AudienceCode",
    "audience": "Audience",
    "b204": "AudienceCodeType",
    "b206": "AudienceCodeValue",
    "collateraldetail": "CollateralDetail",
    "textcontent": "TextContent",
    "x426": "TextType",
    "x427": "ContentAudience",
    "d104": "Text",
    "supportingresource": "SupportingResource",
    "x436": "ResourceContentType",
    "x437": "ResourceMode",
    "resourceversion": "ResourceVersion",
    "x441": "ResourceForm",
    "x435": "ResourceLink",
    "publishingdetail": "PublishingDetail",
    "publisher": "Publisher",
    "b291": "PublishingRole",
    "b081": "PublisherName",
    "b394": "PublishingStatus",
    "publishingdate": "PublishingDate",
    "x448": "PublishingDateRole",
    "b306": "Date",
    "productsupply": "ProductSupply",
    "supplydetail": "SupplyDetail",
    "supplier": "Supplier",
    "j292": "SupplierRole",
    "j137": "SupplierName",
    "j396": "ProductAvailability",
    "j192": "UnpricedItemType",
}
REFERENCE_TO_SHORT = {reference: short for short, reference in SHORT_TO_REFERENCE.items()}

NOTIFICATION_DELETE = "05"
ISBN13 = "15"
GTIN13 = "03"

# ProductForm: A* audio, E* digital; anything else is not lendable here.
AUDIO_FORMS = frozenset({"AJ", "AN", "AE", "AZ"})
PRIMARY_CONTENT_AUDIOBOOK = frozenset({"01", "02", "13"})

# Extent type 09 is a duration; 00 main content and 08 total pages are page counts.
EXTENT_DURATION = "09"
EXTENT_PAGES = frozenset({"00", "08", "07", "11"})

CONTRIBUTOR_ROLES = {
    "A01": ContributorRole.AUTHOR,
    "A12": ContributorRole.ILLUSTRATOR,
    "B01": ContributorRole.EDITOR,
    "B06": ContributorRole.TRANSLATOR,
    "E07": ContributorRole.NARRATOR,
}
ROLE_CODES = {role: code for code, role in CONTRIBUTOR_ROLES.items()}

# List 28 audience codes; Thema "Y" subjects are children's and teenage books.
AUDIENCE_CODES = {"02": Audience.CHILDREN, "03": Audience.YOUNG}

SUBJECT_SCHEMES = {
    "66": "YKL",
    "69": "Kaunokki",
    "71": "YSO",
    "93": "Thema",
    "94": "Thema",
    "95": "Thema",
    "96": "Thema",
    "97": "Thema",
    "98": "Thema",
    "99": "Thema",
}

# List 64 publishing status and list 65 product availability that mean "no longer for sale".
WITHDRAWN_STATUSES = frozenset({"01", "05", "07", "08", "11", "12", "15", "16", "17"})
WITHDRAWN_AVAILABILITIES = frozenset({"40", "41", "42", "43", "46", "49", "51", "52"})

# ISO 639-2/B (and /T) to ISO 639-1, for the languages a Nordic library meets.
LANGUAGES = {
    "fin": "fi", "swe": "sv", "eng": "en", "ger": "de", "deu": "de", "fre": "fr", "fra": "fr",
    "spa": "es", "ita": "it", "por": "pt", "rus": "ru", "est": "et", "nor": "no", "nob": "nb",
    "nno": "nn", "dan": "da", "ice": "is", "isl": "is", "dut": "nl", "nld": "nl", "pol": "pl",
    "cze": "cs", "ces": "cs", "hun": "hu", "gre": "el", "ell": "el", "lat": "la", "lav": "lv",
    "lit": "lt", "ukr": "uk", "tur": "tr", "ara": "ar", "per": "fa", "fas": "fa", "kur": "ku",
    "som": "so", "chi": "zh", "zho": "zh", "jpn": "ja", "kor": "ko", "heb": "he", "hin": "hi",
    "sme": "se", "smn": "smn", "sms": "sms", "smi": "se", "vie": "vi", "tha": "th", "alb": "sq",
    "sqi": "sq", "fil": "fil", "tgl": "tl", "ben": "bn", "urd": "ur", "ron": "ro",
    "rum": "ro", "bul": "bg", "hrv": "hr", "srp": "sr", "slv": "sl", "slo": "sk", "slk": "sk",
    "gle": "ga", "wel": "cy", "cym": "cy", "baq": "eu", "eus": "eu", "cat": "ca", "glg": "gl",
}  # fmt: skip
LANGUAGE_CODES = {"fi": "fin", "sv": "swe", "en": "eng", "de": "ger", "fr": "fre", "es": "spa", "it": "ita",
                  "ru": "rus", "et": "est"}  # fmt: skip


def two_letter_language(code):
    """Return the ISO 639-1 code for an ONIX language code; unknown codes pass through lower-cased."""
    code = (code or "").strip().lower()
    if len(code) == 2:
        return code
    return LANGUAGES.get(code, code)
