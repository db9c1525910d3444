"""OPDS 2.0 feeds of the shared collection for reading apps: navigation, publications, search, authentication.

Everything is reachable from ``/opds``. Publication feeds list each offer (a work's e-book and audiobook are
two entries, each with its own borrow link), newest first, with facets and paging.
"""


def includeme(config):
    config.add_route("opds_root", "/opds")
    config.add_route("opds_new", "/opds/new")
    config.add_route("opds_popular", "/opds/popular")
    config.add_route("opds_search", "/opds/search")
    config.add_route("opds_publication", "/opds/publications/{id:\\d+}")
    config.add_route("opds_borrow", "/opds/publications/{id:\\d+}/borrow")
    config.add_route("opds_auth", "/opds/auth")
    config.scan(".views")
