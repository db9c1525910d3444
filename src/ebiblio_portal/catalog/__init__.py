"""The shared collection: sync from vendors, lanes and a simple search (discovery builds on it)."""


def includeme(config):
    config.add_route("search", "/search")
    config.add_route("publication", "/julkaisu/{id:\\d+}")
    config.scan(".views")
