"""Finnish and Swedish texts with a fallback: never an empty box, always the right ``lang``."""

from __future__ import annotations

import dataclasses

from markupsafe import Markup, escape

from ..web import HELSINKI

CONTENT_LANGUAGES = ("fi", "sv")


@dataclasses.dataclass(frozen=True)
class Localized:
    """A text and the language it is in; ``fallback`` when it is not the reader's language."""

    text: str
    language: str
    fallback: bool

    def __str__(self):
        return self.text

    def __html__(self):
        # A fallback text is wrapped so screen readers switch to its language.
        if self.fallback:
            return Markup('<span lang="{}">{}</span>').format(self.language, self.text)
        return str(escape(self.text))


def reader_language(request):
    """fi or sv: English readers get Finnish, the e-library's main language."""
    return request.locale_name if request.locale_name in CONTENT_LANGUAGES else "fi"


def pick(request, fi, sv):
    """The reader's language if written, else the other one; None when neither is."""
    texts = {"fi": (fi or "").strip(), "sv": (sv or "").strip()}
    wanted = reader_language(request)
    other = "sv" if wanted == "fi" else "fi"
    if texts[wanted]:
        return Localized(texts[wanted], wanted, request.locale_name != wanted)
    if texts[other]:
        return Localized(texts[other], other, True)
    return None


def finnish_day(request, moment):
    """The Finnish calendar day of an aware datetime: tips and wishes show the day, not the second."""
    return moment.astimezone(HELSINKI).date() if moment is not None else None
