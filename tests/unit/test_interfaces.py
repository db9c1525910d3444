"""Every interface of the core has an implementation that provides it."""

import datetime as dt

from zope.interface import implementer
from zope.interface.verify import verifyClass, verifyObject

from ebiblio_portal.defaults.national_theme import NATIONAL
from ebiblio_portal.interfaces import (
    IIdentityProvider,
    ILocaleCatalog,
    INotifier,
    ISearchIndex,
    ITheme,
)
from ebiblio_portal.notify import LogNotifier
from ebiblio_portal.search.postgres import PostgresSearchIndex
from ebiblio_portal.search.sqlite import SQLiteSearchIndex
from ebiblio_portal.values import IdentificationStart, Notification, VerifiedPerson


def test_the_national_theme_is_a_theme():
    assert verifyObject(ITheme, NATIONAL)
    assert NATIONAL.municipality_code is None


def test_the_locale_plugin_provides_catalogues():
    from ebiblio_locales.plugin import Catalog, register_locale_catalogs

    assert verifyClass(ILocaleCatalog, Catalog)
    (catalog,) = register_locale_catalogs()
    assert set(catalog.languages) == {"fi", "sv", "en"}


def test_the_search_indexes():
    assert verifyObject(ISearchIndex, SQLiteSearchIndex())
    assert verifyObject(ISearchIndex, PostgresSearchIndex())


def test_the_log_notifier_keeps_what_it_sent():
    notifier = LogNotifier()
    assert verifyObject(INotifier, notifier)
    notifier.send(Notification("a@example.org", "Varaus noudettavissa", "…", "fi"))
    assert [n.subject for n in notifier.sent] == ["Varaus noudettavissa"]


@implementer(IIdentityProvider)
class EchoIdentityProvider:
    """The smallest identity provider: what the interface asks of one."""

    name, title = "echo", "Echo"

    def start(self, redirect_uri):
        return IdentificationStart(redirect_url=redirect_uri + "?person=1", kept={"state": "s"})

    def finish(self, redirect_uri, params, kept):
        return VerifiedPerson("010101-123N", "Aino", "Virtanen", "091", dt.date(2001, 1, 1))


def test_an_identity_provider_satisfies_the_interface():
    provider = EchoIdentityProvider()
    assert verifyObject(IIdentityProvider, provider)
    start = provider.start("https://portal.example/identified")
    assert start.redirect_url.startswith("https://portal.example/identified")
