"""Reusable test support for plugin authors: the content-provider conformance suite."""

from .conformance import ConformanceSubject, ContentProviderConformance

__all__ = ["ConformanceSubject", "ContentProviderConformance"]
