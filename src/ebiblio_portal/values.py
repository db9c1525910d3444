"""Plain value objects that cross the boundary between the core and its plugins.

Vendors, identity providers and search backends speak to the core only in these
terms, so a plugin never imports a model or touches the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum


class Medium(enum.StrEnum):
    """What kind of thing a publication is."""

    EBOOK = "ebook"
    AUDIOBOOK = "audiobook"
    MAGAZINE = "magazine"


class Audience(enum.StrEnum):
    """Who a publication is written for."""

    CHILDREN = "children"
    YOUNG = "young"
    ADULTS = "adults"


class Origin(enum.StrEnum):
    """Where a vendor's catalogue comes from (a search facet)."""

    DOMESTIC = "domestic"
    FOREIGN = "foreign"


class ContributorRole(enum.StrEnum):
    AUTHOR = "author"
    TRANSLATOR = "translator"
    NARRATOR = "narrator"
    ILLUSTRATOR = "illustrator"
    EDITOR = "editor"


@dataclasses.dataclass(frozen=True, slots=True)
class Contributor:
    """A person or body credited on a publication."""

    name: str
    role: ContributorRole = ContributorRole.AUTHOR
    sort_name: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class LicenseTerms:
    """One license the national unit bought for a publication, as its vendor states it.

    ``None`` means unlimited: a license without ``checkouts_left`` never runs
    out of checkouts, one without ``expires`` never expires.
    """

    identifier: str
    concurrency: int | None = 1
    checkouts_left: int | None = None
    checkouts_available: int | None = None
    expires: dt.datetime | None = None
    loan_length: dt.timedelta | None = None
    status: str = "available"
    format: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class MagazineIssue:
    """What makes a magazine record one dated issue of a periodical."""

    periodical_key: str
    periodical_title: str
    issue_date: dt.date
    table_of_contents: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class PublicationRecord:
    """One publication as a vendor describes it.

    ``vendor_key`` is the vendor's own identifier; together with the vendor's
    name it is the key a sync upserts by. ``isbn`` (ISBN-13) joins the same
    work offered by several vendors into one work with several offers.
    """

    vendor_key: str
    medium: Medium
    title: str
    language: str
    subtitle: str | None = None
    contributors: tuple[Contributor, ...] = ()
    series: str | None = None
    series_number: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    modified: dt.datetime | None = None
    subjects: tuple[str, ...] = ()
    audience: Audience = Audience.ADULTS
    isbn: str | None = None
    description: str | None = None
    cover_url: str | None = None
    sample_url: str | None = None
    duration_seconds: int | None = None
    page_count: int | None = None
    licenses: tuple[LicenseTerms, ...] = ()
    issue: MagazineIssue | None = None
    simultaneous_use: bool = False
    withdrawn: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class RecordError:
    """A record the vendor sent that could not be read; the sync skips it and reports it."""

    vendor_key: str | None
    message: str
    excerpt: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class SyncBatch:
    """One page of a catalogue sync.

    ``cursor`` resumes the sync after this batch: the core stores it once the
    batch is committed, and hands it back to ``IContentProvider.sync`` after a
    crash.
    """

    records: tuple[PublicationRecord, ...]
    errors: tuple[RecordError, ...] = ()
    cursor: str | None = None
    total: int | None = None
    removed: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Availability:
    """How many patrons may borrow a publication now, as the vendor counts."""

    vendor_key: str
    copies_total: int | None
    copies_available: int | None
    holds: int = 0
    licenses: tuple[LicenseTerms, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class LoanGrant:
    """What a vendor answers to a checkout: the loan as the vendor keeps it."""

    vendor_loan_id: str
    license_identifier: str | None
    starts: dt.datetime
    ends: dt.datetime
    status: str = "active"
    return_url: str | None = None
    fulfilment_url: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class HoldGrant:
    """A hold placed with a vendor that keeps its own queue."""

    vendor_hold_id: str
    position: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class FulfilmentLink:
    """Where the patron reads or listens: a reader URL or a fulfilment document."""

    href: str
    media_type: str
    expires: dt.datetime | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class HealthReport:
    """A vendor's health as its plugin sees it."""

    ok: bool
    detail: str = ""
    latency_ms: float | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class VerifiedPerson:
    """A person as strong identification vouches for them.

    ``identity_code`` is the personal identity code: the core turns it into a
    keyed hash at once and never stores or logs it.
    """

    identity_code: str
    given_name: str
    family_name: str
    municipality_code: str | None
    birth_date: dt.date | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class IdentificationStart:
    """Where to send the browser to identify, and what to keep until it returns."""

    redirect_url: str
    kept: dict


@dataclasses.dataclass(frozen=True, slots=True)
class Setting:
    """A setting a plugin (or the core) reads from the .ini, declared so it can be checked.

    ``kind`` is one of "str", "int", "bool", "list", "language", "url" (or the
    word ``sandbox``), "secret" (a credential) or "key" (a secret of at least 32
    characters); the value of a secret or key never reaches a log. ``env``
    names an environment variable that overrides it.
    """

    name: str
    kind: str = "str"
    default: object = None
    required: bool = False
    help: str = ""
    env: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Sandbox:
    """A sandbox vendor or identity provider: a WSGI app for development and tests."""

    name: str
    app: object


@dataclasses.dataclass(frozen=True, slots=True)
class Notification:
    """A message to one patron, already in their language."""

    recipient: str
    subject: str
    body: str
    language: str = "fi"


class SearchSort(enum.StrEnum):
    """The orders a search can be sorted in."""

    RELEVANCE = "relevance"
    NEWEST = "newest"
    TITLE = "title"
    POPULAR = "popular"


@dataclasses.dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a patron (or an OPDS client) asks the search index for.

    ``text`` is the patron's words; every filter tuple is OR within itself and
    AND with the others. ``years`` is an inclusive (first, last) pair.
    ``with_facets`` False skips the facet counts (OPDS feeds need none).
    """

    text: str = ""
    media: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    available: bool = False
    years: tuple[int, int] | None = None
    sort: SearchSort = SearchSort.RELEVANCE
    page: int = 1
    per_page: int = 20
    with_facets: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class FacetCount:
    """One value of a facet and how many works of the result have it."""

    value: str
    count: int


@dataclasses.dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of search hits: one publication per work, best first.

    ``total`` is exact when ``total_exact``; otherwise at least that many
    works match. Facet counts are exact when ``facets_exact``; otherwise they
    are estimated from a bounded sample of the matches. ``searched_for`` is
    the text actually searched: a spelling suggestion replaced the patron's
    words when it differs from the query. ``suggestion`` is offered when
    nothing was found; ``folded`` tells that the hits were found only without
    diacritics (ä → a). ``ordered_within`` is set when a sort by title or date
    ordered only that many most popular matches (a bounded sort).
    """

    publication_ids: tuple[int, ...]
    total: int
    total_exact: bool = True
    facets: dict = dataclasses.field(default_factory=dict)
    facets_exact: bool = True
    page: int = 1
    last_page: int = 1
    searched_for: str = ""
    suggestion: str | None = None
    folded: bool = False
    ordered_within: int | None = None
