"""Markdown of content pages: markdown-it-py with raw HTML off, then nh3 (ammonia) as the sanitiser."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup
from zope.interface import implementer

from .interfaces import IMarkdownRenderer

TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre",
    "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "del",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@implementer(IMarkdownRenderer)
class SafeMarkdown:
    """Two layers: the parser never passes HTML through, and the sanitiser removes whatever else slips by."""

    def __init__(self):
        # "commonmark" with html off escapes raw tags; tables and strikethrough are useful on help pages.
        self.parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])

    def render(self, text):
        tokens = self.parser.parse(text or "")
        for token in tokens:
            # The page's title is its only h1: Markdown headings start one level below.
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
        html = self.parser.renderer.render(tokens, self.parser.options, {})
        cleaned = nh3.clean(
            html,
            tags=TAGS,
            attributes=ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
        return Markup(cleaned)  # noqa: S704 -- nh3 has just sanitised it

    @classmethod
    def create_service(cls, context, request):
        return cls()
