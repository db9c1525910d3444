"""ebiblio-portal: the portal of a shared national e-library."""

from .hookspecs import hookimpl

__all__ = ["hookimpl", "main"]


def main(global_config, **settings):
    """The WSGI application factory (``paste.app_factory``)."""
    from .config import configure

    config = configure(settings, global_config=global_config)
    return config.make_wsgi_app()
