"""ebiblio-portal vendor plugin: a domestic distributor of e-books and audiobooks over OPDS 2.0 + ODL 1.0."""

from .provider import OdlProvider

__all__ = ["OdlProvider"]
