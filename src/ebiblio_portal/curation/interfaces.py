"""The curation package's contracts."""

from __future__ import annotations

from zope.interface import Interface


class IMarkdownRenderer(Interface):
    """Turns a librarian's Markdown into HTML that is safe to show to patrons."""

    def render(text):
        """Return ``markupsafe.Markup`` of ``text`` rendered: no raw HTML, scripts, event handlers or script URLs."""


class WishLimitReached(Exception):
    """The patron has sent as many wishes today as the setting allows."""
