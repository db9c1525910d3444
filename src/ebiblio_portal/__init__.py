"""ebiblio-portal: the portal of a shared national e-library."""

import warnings

# Pyramid 2.1 still imports pkg_resources; the deprecation is setuptools' business, not the operator's.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

from .hookspecs import hookimpl  # noqa: E402

__all__ = ["hookimpl", "main"]


def main(global_config, **settings):
    """The WSGI application factory (``paste.app_factory``)."""
    from .config import configure

    config = configure(settings, global_config=global_config)
    return config.make_wsgi_app()
