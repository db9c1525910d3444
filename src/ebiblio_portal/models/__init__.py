"""The portal's data model; importing this module registers every table on ``Base.metadata``."""

from .accounts import AuthChallenge, LoginSession, Passkey, RateLimit
from .audit import AuditEntry
from .catalog import License, Publication, PublicationContributor, PublicationSubject, SyncError, SyncRun, Vendor, Work
from .circulation import CirculationEvent, Hold, Loan, UnsentNotice
from .curation import BookTip, ContentPage, ContentRevision, CuratedItem, CuratedList
from .meta import Base, UTCDateTime, utcnow
from .municipality import Municipality
from .people import Patron, StaffRole, StaffUser
from .search import SearchDocument, SearchTerm

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
    "Hold",
    "License",
    "Loan",
    "LoginSession",
    "Municipality",
    "Passkey",
    "Patron",
    "Publication",
    "PublicationContributor",
    "PublicationSubject",
    "RateLimit",
    "SearchDocument",
    "SearchTerm",
    "StaffRole",
    "StaffUser",
    "SyncError",
    "SyncRun",
    "UTCDateTime",
    "UnsentNotice",
    "Vendor",
    "Work",
    "utcnow",
]
