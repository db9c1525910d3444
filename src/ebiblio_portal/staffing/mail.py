"""The invitation email: the link a new staff member sets their password with, sent once the account exists."""

from __future__ import annotations

import logging

from ..i18n import _
from ..interfaces import INotifier
from ..services import lookup
from ..values import Notification

log = logging.getLogger(__name__)


def invitation(request, staff, url, again=False):
    """The invitation to ``staff`` in the inviting user's language (``again``: a new link for an account)."""
    mapping = {"name": staff.display_name, "username": staff.username, "url": url}
    if again:
        subject = _("A new password link for the e-library's staff area")
        body = _(
            "Hello ${name},\n\nSet a new password for your account ${username} in the e-library's staff area "
            "here: ${url}\n\nThe link works once, for three days; earlier links no longer work. If you were "
            "not expecting this, tell the person who manages your account.",
            mapping=mapping,
        )
    else:
        subject = _("Your account in the e-library's staff area")
        body = _(
            "Hello ${name},\n\nAn account with the username ${username} was made for you in the e-library's "
            "staff area. Set your password here: ${url}\n\nThe link works once, for three days. If you were not "
            "expecting this, you can ignore this message.",
            mapping=mapping,
        )
    translate = request.localizer.translate
    return Notification(
        recipient=staff.email, subject=translate(subject), body=translate(body), language=request.locale_name
    )


def send_after_commit(request, notification, staff_id):
    """Send ``notification`` once the request's transaction has committed (never for an account not saved).

    Returns False when no notifier is configured. A failed send is logged without the address; the page
    still shows the link, so the inviting user can pass it on.
    """
    try:
        notifier = lookup(request.registry, INotifier)
    except (LookupError, ValueError, TypeError):
        return False

    def send(committed):
        if not committed:
            return
        try:
            notifier.send(notification)
        except Exception:  # noqa: BLE001 - the link is on the inviting user's page; the invitation stands
            log.warning("the invitation email to staff:%s could not be sent", staff_id, exc_info=True)

    request.tm.get().addAfterCommitHook(send)
    return True
