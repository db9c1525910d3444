"""Notices reach patrons by email in their own language (a real SMTP server on loopback), or as files."""

from __future__ import annotations

import email
import socket

import pytest

from ebiblio_portal.circulation import notices
from ebiblio_portal.notify import FileNotifier, LogNotifier, SmtpNotifier, notifier_for
from ebiblio_portal.values import Notification

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


def test_the_smtp_notifier_delivers_to_a_real_server(smtp_server):
    controller, inbox = smtp_server
    notifier = SmtpNotifier("127.0.0.1", controller.port, "e-kirjasto@example.invalid")
    notifier.send(Notification("reader@example.invalid", "Your hold is ready: Nummisuutarit", "Borrow it.", "en"))
    ((recipients, message),) = inbox.messages
    assert recipients == ["reader@example.invalid"]
    assert message["Subject"] == "Your hold is ready: Nummisuutarit" and message["Content-Language"] == "en"
    assert message.get_payload().strip() == "Borrow it."


def test_the_smtp_notifier_raises_when_the_server_is_away():
    with pytest.raises(OSError):
        SmtpNotifier("127.0.0.1", 9, "e-kirjasto@example.invalid", timeout=2).send(
            Notification("reader@example.invalid", "s", "b")
        )


def test_the_backend_is_a_setting(tmp_path):
    assert isinstance(notifier_for({}), LogNotifier)
    assert isinstance(notifier_for({"ebiblio.notify.backend": "smtp"}), SmtpNotifier)
    chosen = notifier_for({"ebiblio.notify.backend": "file", "ebiblio.notify.directory": str(tmp_path)})
    assert isinstance(chosen, FileNotifier)
    chosen.send(Notification("reader@example.invalid", "Subject", "Body"))
    assert [path.suffix for path in tmp_path.iterdir()] == [".eml"]
    with pytest.raises(ValueError, match="log, file or smtp"):
        notifier_for({"ebiblio.notify.backend": "pigeon"})


def test_a_hold_ready_notice_is_written_in_the_patrons_language():
    import datetime as dt

    notice = notices.Notice(
        "hold_ready", "x@example.invalid", "en", "Nummisuutarit", dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    )
    rendered = notices.render(notice, [], "https://e-kirjasto.example")
    assert rendered.subject == "Your hold is ready: Nummisuutarit"
    assert "https://e-kirjasto.example/lainat" in rendered.body and "May 1, 2026" in rendered.body
    assert rendered.language == "en"
