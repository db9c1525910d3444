"""The portal's data model; importing this module registers every table on ``Base.metadata``."""

from .accounts import AuthChallenge, LoginSession, Passkey, RateLimit
from .audit import AuditEntry
from .catalog import License, Publication, PublicationContributor, PublicationSubject, SyncError, SyncRun, Vendor, Work
from .circulation import CirculationEvent, Hold, Loan, UnsentNotice
from .curation import BookTip, ContentPage, ContentRevision, CuratedItem, CuratedList, PatronWish
from .fees import DecimalText, FeeRate
from .meta import Base, UTCDateTime, utcnow
from .municipality import Municipality
from .people import Patron, StaffRole, StaffUser
from .search import SearchDocument, SearchTerm
from .stats import MonthlyCount, MonthlyTitleLoans, PatronEvent, StatsMark
from .theming import MunicipalityTheme

__all__ = [
    "AuditEntry",
    "AuthChallenge",
    "Base",
    "BookTip",
    "CirculationEvent",
    "ContentPage",
    "ContentRevision",
    "CuratedItem",
    "CuratedList",
    "DecimalText",
    "FeeRate",
    "Hold",
    "License",
    "Loan",
    "LoginSession",
    "MonthlyCount",
    "MonthlyTitleLoans",
    "Municipality",
    "MunicipalityTheme",
    "Passkey",
    "Patron",
    "PatronEvent",
    "PatronWish",
    "Publication",
    "PublicationContributor",
    "PublicationSubject",
    "RateLimit",
    "SearchDocument",
    "SearchTerm",
    "StaffRole",
    "StaffUser",
    "StatsMark",
    "SyncError",
    "SyncRun",
    "UTCDateTime",
    "UnsentNotice",
    "Vendor",
    "Work",
    "utcnow",
]
