"""Notifications to patrons through ``INotifier``; the development default writes them to the log."""

import logging

from zope.interface import implementer

from ..interfaces import INotifier

log = logging.getLogger(__name__)


@implementer(INotifier)
class LogNotifier:
    """Writes each notification to the log instead of sending it (development and tests)."""

    def __init__(self):
        self.sent = []

    def send(self, notification):
        self.sent.append(notification)
        # The recipient is personal data: only the subject reaches the log.
        log.info("notification (%s): %s", notification.language, notification.subject)


def includeme(config):
    config.register_service(LogNotifier(), INotifier)
