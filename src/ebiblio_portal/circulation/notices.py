"""Notifications to patrons in their own language: a hold is ready, a loan ends soon."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from babel.dates import format_datetime
from pyramid.i18n import make_localizer

from ..i18n import LANGUAGES, _
from ..values import Notification

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Notice:
    """What to tell whom, gathered inside a transaction and sent only after it commits."""

    kind: str  # hold_ready, loan_ending
    email: str | None
    language: str
    title: str
    when: dt.datetime


def render(notice, translation_dirs, portal_url):
    language = notice.language if notice.language in LANGUAGES else "fi"
    localizer = make_localizer(language, translation_dirs)
    when = format_datetime(notice.when, format="medium", locale=language, tzinfo="Europe/Helsinki")
    mapping = {"title": notice.title, "when": when, "url": portal_url.rstrip("/") + "/lainat"}
    if notice.kind == "hold_ready":
        subject = _("Your hold is ready: ${title}", mapping=mapping)
        body = _(
            "The title you reserved, ${title}, is now waiting for you. Borrow it by ${when}; after that it "
            "passes to the next patron in the queue.\n\nYour loans and holds: ${url}",
            mapping=mapping,
        )
    else:
        subject = _("Your loan ends soon: ${title}", mapping=mapping)
        body = _(
            "Your loan of ${title} ends on ${when}. It is returned by itself; you need do nothing.\n\n"
            "Your loans and holds: ${url}",
            mapping=mapping,
        )
    return Notification(
        recipient=notice.email,
        subject=localizer.translate(subject),
        body=localizer.translate(body),
        language=language,
    )


def send_all(notifier, notices, translation_dirs, portal_url):
    """Send each notice; a failure is logged and the rest still go (the patron sees the same on the page).

    Returns ``(sent, failed)``: how many went out, and ``(notice, reason)`` for each that did not, so the caller
    can keep it for another attempt.
    """
    sent, failed = 0, []
    for notice in notices:
        if not notice.email:
            continue
        try:
            notifier.send(render(notice, translation_dirs, portal_url))
            sent += 1
        except Exception as error:  # noqa: BLE001 - one bad mailbox must not stop the others
            log.warning("notification %s could not be sent: %s", notice.kind, type(error).__name__)
            failed.append((notice, type(error).__name__))
    return sent, failed
