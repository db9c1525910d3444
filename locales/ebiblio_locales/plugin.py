"""Registers the catalogues in this folder through the portal's locale hook."""

import os

from zope.interface import implementer

from ebiblio_portal import hookimpl
from ebiblio_portal.interfaces import ILocaleCatalog

HERE = os.path.dirname(os.path.abspath(__file__))


@implementer(ILocaleCatalog)
class Catalog:
    domain = "ebiblio_portal"
    directory = HERE
    languages = ("fi", "sv", "en")


@hookimpl
def register_locale_catalogs():
    return [Catalog()]
