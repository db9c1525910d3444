"""The pieces on their own: contracts, rules from settings, pseudonyms and signed links, the includeme."""

from __future__ import annotations

import datetime as dt

import pytest
from zope.interface.verify import verifyClass

from ebiblio_portal.catalog.interfaces import ITitleActions
from ebiblio_portal.circulation import tokens
from ebiblio_portal.circulation.actions import CirculationActions
from ebiblio_portal.circulation.interfaces import ICirculation
from ebiblio_portal.circulation.rules import Rules
from ebiblio_portal.circulation.services import Circulation
from ebiblio_portal.config import load_plugins
from ebiblio_portal.interfaces import INotifier
from ebiblio_portal.notify import FileNotifier, LogNotifier, SmtpNotifier
from ebiblio_portal.settings import SettingsError

from ..conftest import base_settings, core_plugins

SECRET = "s" * 40


@pytest.mark.parametrize(
    ("cls", "interface"),
    [
        (Circulation, ICirculation),
        (CirculationActions, ITitleActions),
        (LogNotifier, INotifier),
        (FileNotifier, INotifier),
        (SmtpNotifier, INotifier),
    ],
)
def test_implementations_keep_their_contracts(cls, interface):
    assert verifyClass(interface, cls)


def test_the_rules_are_settings_of_the_national_unit():
    _manager, settings = load_plugins(
        base_settings(
            **{
                "ebiblio.circulation.loan_days.audiobook": "21",
                "ebiblio.circulation.loan_limit.ebook": "3",
                "ebiblio.circulation.queues.ebook": "false",
                "ebiblio.circulation.hold_ready_hours": "24",
            }
        ),
        core_plugins(),
    )
    rules = Rules.from_settings(settings)
    assert rules.period("audiobook") == dt.timedelta(days=21) and rules.period("ebook") == dt.timedelta(days=14)
    assert rules.limit("ebook") == 3 and rules.limit("audiobook") == 5
    assert not rules.medium_queues("ebook") and rules.medium_queues("audiobook")
    assert not rules.medium_queues("magazine")  # simultaneous use never queues by default
    assert rules.hold_ready == dt.timedelta(hours=24)


def test_a_malformed_rule_stops_the_start_naming_itself():
    with pytest.raises(SettingsError, match="ebiblio.circulation.hold_limit"):
        load_plugins(base_settings(**{"ebiblio.circulation.hold_limit": "many"}), core_plugins())


def test_the_vendors_pseudonym_is_stable_keyed_and_opaque():
    ref = tokens.patron_ref(SECRET, 42)
    assert ref == tokens.patron_ref(SECRET, 42) and len(ref) == 32
    assert ref != tokens.patron_ref(SECRET, 43) and ref != tokens.patron_ref("t" * 40, 42)
    assert "42" not in ref


def test_reader_links_are_signed_and_expire():
    token = tokens.sign(SECRET, {"u": 1, "l": "loan", "e": 1000})
    assert tokens.verify(SECRET, token, 999) == {"u": 1, "l": "loan", "e": 1000}
    with pytest.raises(tokens.BadToken, match="expired"):
        tokens.verify(SECRET, token, 1001)
    with pytest.raises(tokens.BadToken, match="signature"):
        tokens.verify("t" * 40, token, 999)
    body, mac = token.split(".")
    forged = tokens.sign(SECRET, {"u": 2, "l": "loan", "e": 1000}).split(".")[0] + "." + mac
    with pytest.raises(tokens.BadToken):
        tokens.verify(SECRET, forged, 999)
    for garbage in ("", "a.b.c", "x" * 2000, None):
        with pytest.raises(tokens.BadToken):
            tokens.verify(SECRET, garbage, 0)


def test_the_includeme_registers_the_service_the_actions_and_the_routes(app):
    from pyramid.interfaces import IRoutesMapper

    names = {route.name for route in app.registry.getUtility(IRoutesMapper).get_routes()}
    assert {"circulation_loans", "circulation_borrow", "circulation_reader", "opds_loans"} <= names
    from ebiblio_portal.services import lookup

    assert isinstance(lookup(app.registry, ITitleActions), CirculationActions)
