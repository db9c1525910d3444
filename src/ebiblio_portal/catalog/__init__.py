"""The shared collection: sync from vendors, lanes and the title page (search is in ebiblio_portal.search)."""


def includeme(config):
    config.add_route("search", "/search")  # the view and the index are in ebiblio_portal.search
    config.add_route("publication", "/teos/{id:\\d+}")
    config.include(".pages")  # title page helpers, browse and magazines (discovery)
    config.scan(".views")
