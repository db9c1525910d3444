"""The portal's data model; importing this module registers every table on ``Base.metadata``."""

from .audit import AuditEntry
from .catalog import License, Publication, PublicationContributor, PublicationSubject, SyncError, SyncRun, Vendor, Work
from .circulation import Hold, Loan
from .curation import BookTip, ContentPage, ContentRevision, CuratedItem, CuratedList
from .meta import Base, UTCDateTime, utcnow
from .municipality import Municipality
from .people import Patron, StaffRole, StaffUser

__all__ = [
    "AuditEntry",
    "Base",
    "BookTip",
    "ContentPage",
    "ContentRevision",
    "CuratedItem",
    "CuratedList",
    "Hold",
    "License",
    "Loan",
    "Municipality",
    "Patron",
    "Publication",
    "PublicationContributor",
    "PublicationSubject",
    "StaffRole",
    "StaffUser",
    "SyncError",
    "SyncRun",
    "UTCDateTime",
    "Vendor",
    "Work",
    "utcnow",
]
