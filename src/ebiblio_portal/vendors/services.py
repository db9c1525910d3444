"""The vendors the portal knows, and sandboxes mounted where a browser can reach them."""

from __future__ import annotations

from urllib.parse import urlsplit


class VendorDirectory:
    """Every configured content provider, by name."""

    def __init__(self, providers):
        self._providers = {provider.name: provider for provider in providers}

    def all(self):
        return list(self._providers.values())

    def get(self, name):
        return self._providers.get(name)

    def names(self):
        return sorted(self._providers)


class MountedSandbox:
    """A sandbox app that believes it is served at ``public_url + prefix``.

    Its links (covers, next pages, reader links) then point where a browser
    reaches the mounted sandbox, while the portal's own client still talks to
    it in process.
    """

    def __init__(self, app, prefix, public_url):
        self.app = app
        self.prefix = prefix
        parts = urlsplit(public_url)
        self.scheme, self.host = parts.scheme or "http", parts.netloc

    def __getattr__(self, name):
        return getattr(self.app, name)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(self.prefix + "/") or path == self.prefix:
            environ["PATH_INFO"] = path[len(self.prefix) :] or "/"
        environ["SCRIPT_NAME"] = self.prefix
        environ["HTTP_HOST"] = self.host
        environ["wsgi.url_scheme"] = self.scheme
        return self.app(environ, start_response)
