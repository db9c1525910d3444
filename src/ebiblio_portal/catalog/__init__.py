"""The shared collection: sync from vendors, lanes and a simple search (discovery builds on it)."""

from ..interfaces import ISearchIndex
from .search import TableSearchIndex


def includeme(config):
    config.register_service(TableSearchIndex(), ISearchIndex)
    config.add_route("search", "/search")
    config.add_route("publication", "/julkaisu/{id:\\d+}")
    config.scan(".views")
