"""The actions on a title page, and the default until circulation provides the real ones."""

from __future__ import annotations

import dataclasses

from zope.interface import implementer

from ..i18n import _
from .interfaces import ITitleActions


@dataclasses.dataclass(frozen=True)
class TitleAction:
    """One button or link in a title's action area; ``method`` "post" renders a form with a CSRF token."""

    kind: str  # borrow, hold, read, listen, sample
    label: object  # a TranslationString
    href: str
    method: str = "post"


@implementer(ITitleActions)
class SampleOnly:
    """Before circulation lands: the vendor's sample where there is one, and no dead buttons."""

    lending_open = False

    def actions(self, request, publication, availability):
        if publication.sample_url:
            label = _("Listen to a sample") if publication.medium == "audiobook" else _("Read a sample")
            return [TitleAction("sample", label, publication.sample_url, method="get")]
        return []


DEFAULT = SampleOnly()


def title_actions_service(request):
    """The registered ``ITitleActions`` (circulation's), or the sample-only default."""
    try:
        return request.find_service(ITitleActions)
    except LookupError:
        return DEFAULT
