"""Notices reach patrons by email in their own language (a real SMTP server on loopback), or as files."""

from __future__ import annotations

import email
import socket

import pytest
from sqlalchemy import select

from ebiblio_portal.circulation import notices
from ebiblio_portal.circulation.services import NOTICE_ATTEMPTS
from ebiblio_portal.models import UnsentNotice
from ebiblio_portal.notify import FileNotifier, LogNotifier, SmtpNotifier, notifier_for
from ebiblio_portal.values import Notification

from .conftest import empty, open_world
from .test_lending import later, one_seat

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def mail_world(circulation_engine):
    """The portal sending email to an SMTP server on a loopback port where, for now, nobody listens."""
    port = free_port()
    found = open_world(
        circulation_engine,
        **{
            "ebiblio.notify.backend": "smtp",
            "ebiblio.notify.smtp_host": "127.0.0.1",
            "ebiblio.notify.smtp_port": str(port),
        },
    )
    found.smtp_port = port
    yield found
    found.close()
    empty(circulation_engine)


def a_hold_becomes_ready(world):
    """A return makes the next patron's hold ready: a "hold ready" notice to next@example.invalid."""
    publication = one_seat(world)
    reader, waiting = world.patron(), world.patron(email="next@example.invalid")
    loan = world.service().borrow(reader, publication)
    world.service().place_hold(waiting, publication)
    world.service().return_loan(reader, loan.id)


def test_a_notice_the_mail_server_missed_is_sent_by_the_tick_when_it_is_back(mail_world):
    a_hold_becomes_ready(mail_world)
    (kept,) = mail_world.all(select(UnsentNotice))
    assert (kept.kind, kept.recipient, kept.attempts, kept.status) == (
        "hold_ready",
        "next@example.invalid",
        1,
        "waiting",
    )
    # Not before its time: a tick right away leaves it waiting.
    assert mail_world.service().tick().notifications == 0
    assert mail_world.all(select(UnsentNotice.attempts)) == [1]
    inbox = Inbox()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=mail_world.smtp_port)
    controller.start()
    try:
        report = mail_world.service(clock=later(hours=1)).tick()
        assert mail_world.service(clock=later(hours=30)).tick().notifications == 0  # sent once, not again
    finally:
        controller.stop()
    assert report.notifications == 1
    ((recipients, message),) = inbox.messages
    assert recipients == ["next@example.invalid"] and message["Subject"] == "Your hold is ready: Nummisuutarit"
    assert mail_world.all(select(UnsentNotice)) == []


def test_a_notice_is_tried_a_bounded_number_of_times(mail_world):
    a_hold_becomes_ready(mail_world)
    given_up = []
    for hours in (1, 2, 4, 10, 20, 40, 60):  # later than every wait between attempts
        given_up.append(mail_world.service(clock=later(hours=hours)).tick().notices_given_up)
    (kept,) = mail_world.all(select(UnsentNotice))
    assert kept.attempts == NOTICE_ATTEMPTS and kept.status == "given_up"
    assert kept.recipient is None  # no address kept once it is given up
    assert sum(given_up) == 1


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
