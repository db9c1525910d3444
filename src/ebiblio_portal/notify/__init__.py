"""Notifications to patrons through ``INotifier``, chosen by ``ebiblio.notify.backend``.

``log`` (the development default) writes the subject to the log, ``file`` writes one RFC 5322 message per
notification into a directory, ``smtp`` sends email through an SMTP server.
"""

import datetime as dt
import email.message
import email.utils
import logging
import os
import smtplib
import uuid

from zope.interface import implementer

from ..interfaces import INotifier

log = logging.getLogger(__name__)


def as_email(notification, sender):
    message = email.message.EmailMessage()
    message["From"] = sender
    message["To"] = notification.recipient
    message["Subject"] = notification.subject
    message["Date"] = email.utils.format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = email.utils.make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(notification.body)
    # After set_content, which replaces every Content-* header.
    message["Content-Language"] = notification.language
    return message


@implementer(INotifier)
class LogNotifier:
    """Writes each notification to the log instead of sending it (development and tests)."""

    def __init__(self):
        self.sent = []

    def send(self, notification):
        self.sent.append(notification)
        # The recipient is personal data: only the subject reaches the log.
        log.info("notification (%s): %s", notification.language, notification.subject)


@implementer(INotifier)
class FileNotifier:
    """Writes each notification as an .eml file into ``directory`` (development: open them in a mail client)."""

    def __init__(self, directory, sender):
        self.directory = directory
        self.sender = sender

    def send(self, notification):
        os.makedirs(self.directory, exist_ok=True)
        path = os.path.join(self.directory, f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml")
        with open(path, "wb") as handle:
            handle.write(bytes(as_email(notification, self.sender)))


@implementer(INotifier)
class SmtpNotifier:
    """Sends each notification as a plain-text email; raises on failure so the caller can retry or log."""

    def __init__(self, host, port, sender, *, starttls=False, user=None, password=None, timeout=10):
        self.host, self.port, self.sender = host, port, sender
        self.starttls, self.user, self.password, self.timeout = starttls, user, password, timeout

    def send(self, notification):
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(as_email(notification, self.sender))


def notifier_for(settings):
    backend = (settings.get("ebiblio.notify.backend") or "log").strip()
    sender = settings.get("ebiblio.notify.sender") or "e-kirjasto@localhost"
    if backend == "smtp":
        return SmtpNotifier(
            settings.get("ebiblio.notify.smtp_host") or "localhost",
            int(settings.get("ebiblio.notify.smtp_port") or 25),
            sender,
            starttls=bool(settings.get("ebiblio.notify.smtp_starttls")),
            user=settings.get("ebiblio.notify.smtp_user"),
            password=settings.get("ebiblio.notify.smtp_password"),
        )
    if backend == "file":
        return FileNotifier(settings.get("ebiblio.notify.directory") or "var/mail", sender)
    if backend != "log":
        raise ValueError(f"ebiblio.notify.backend must be log, file or smtp, not {backend!r}")
    return LogNotifier()


def includeme(config):
    config.register_service(notifier_for(config.get_settings()), INotifier)
