"""Reading and checking the staff and patron forms: values and messages, nothing written."""

from __future__ import annotations

import datetime as dt
import re

from ..i18n import _
from ..models import Publication

TITLE_MAX = 300
SHORT_TEXT_MAX = 2000
NAME_MAX = 200
BODY_MAX = 50_000
WISH_TEXT_MAX = 4000
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PAGE_KINDS = ("help", "news", "accessibility", "contact")
WISH_KINDS = ("acquisition", "feedback")
# The largest id PostgreSQL's integer holds; anything beyond is no publication.
MAX_ID = 2**31 - 1
ASCII_ID = re.compile(r"[0-9]{1,10}")


def parse_id(raw):
    """A record id from a form or URL value, or None (str.isdigit would accept "²", which int() refuses)."""
    if isinstance(raw, str) and ASCII_ID.fullmatch(raw.strip()) and int(raw) <= MAX_ID:
        return int(raw)
    return None


class Form:
    """The posted values of one form and the messages about them, by field."""

    def __init__(self, request):
        self.request = request
        self.values = {}
        self.errors = {}

    def error(self, field, message):
        self.errors.setdefault(field, self.request.localizer.translate(message))

    def text(self, field, limit, required=False, message=None):
        raw = self.request.POST.get(field, "")
        value = raw.strip() if isinstance(raw, str) else ""
        self.values[field] = value
        if len(value) > limit:
            self.error(field, _("At most ${limit} characters.", mapping={"limit": limit}))
        elif required and not value:
            self.error(field, message or _("Fill in this field."))
        return value

    def date(self, field):
        raw = self.request.POST.get(field, "")
        value = raw.strip() if isinstance(raw, str) else ""
        self.values[field] = value
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(field, _("Give the date as YYYY-MM-DD."))
            return None

    def choice(self, field, allowed):
        value = self.request.POST.get(field, "")
        self.values[field] = value if isinstance(value, str) else ""
        if value not in allowed:
            self.error(field, _("Choose one of the options."))
            return None
        return value

    def publication(self, field="publication_id"):
        """A live publication by its id (a pasted title id), or an error."""
        raw = self.request.POST.get(field, "")
        value = raw.strip() if isinstance(raw, str) else ""
        self.values[field] = value
        found = None
        if parse_id(value) is not None:
            found = self.request.dbsession.get(Publication, parse_id(value))
        if found is None or found.withdrawn:
            self.error(field, _("There is no title with this id in the collection."))
            return None
        return found

    @property
    def ok(self):
        return not self.errors


def pick_list_form(request):
    form = Form(request)
    titles = [form.text("title_fi", TITLE_MAX), form.text("title_sv", TITLE_MAX)]
    form.text("text_fi", SHORT_TEXT_MAX)
    form.text("text_sv", SHORT_TEXT_MAX)
    if not any(titles) and "title_fi" not in form.errors and "title_sv" not in form.errors:
        form.error("title_fi", _("Give a title in Finnish or in Swedish."))
    start, end = form.date("visible_from"), form.date("visible_until")
    if start and end and end < start:
        form.error("visible_until", _("The end date is before the start date."))
    form.values["dates"] = (start, end)
    return form


def tip_form(request):
    form = Form(request)
    form.text("author_name", NAME_MAX, required=True, message=_("Give the name of the librarian who wrote the tip."))
    texts = [form.text("text_fi", SHORT_TEXT_MAX), form.text("text_sv", SHORT_TEXT_MAX)]
    if not any(texts) and "text_fi" not in form.errors and "text_sv" not in form.errors:
        form.error("text_fi", _("Write the tip in Finnish or in Swedish."))
    form.values["publication"] = form.publication()
    return form


def page_form(request, new):
    form = Form(request)
    if new:
        slug = form.text("slug", 100, required=True)
        if slug and not SLUG.fullmatch(slug):
            form.error("slug", _("Use only lower-case letters a-z, digits and hyphens."))
        form.choice("kind", PAGE_KINDS)
    written = []
    for language in ("fi", "sv"):
        title = form.text(f"title_{language}", TITLE_MAX)
        body = form.text(f"body_{language}", BODY_MAX)
        if body and not title:
            form.error(f"title_{language}", _("Give the page a title."))
        if title or body:
            written.append(language)
    if not written and not any(f.startswith(("title_", "body_")) for f in form.errors):
        form.error("title_fi", _("Write the page in Finnish or in Swedish."))
    form.values["languages"] = written
    return form


def wish_form(request):
    form = Form(request)
    kind = form.choice("kind", WISH_KINDS)
    title = form.text("title", TITLE_MAX)
    form.text("author", NAME_MAX)
    text = form.text("text", WISH_TEXT_MAX)
    if kind == "acquisition" and not title and "title" not in form.errors:
        form.error("title", _("Give the title you wish for."))
    if kind == "feedback" and not text and "text" not in form.errors:
        form.error("text", _("Write your feedback."))
    return form


def answer_form(request):
    form = Form(request)
    form.text("answer", WISH_TEXT_MAX, required=True, message=_("Write an answer."))
    return form
