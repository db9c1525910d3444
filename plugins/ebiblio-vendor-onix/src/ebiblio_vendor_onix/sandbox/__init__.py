"""The sandbox ONIX vendor: deliveries, a JSON lending API and covers, in one WSGI app."""

from .app import DEFAULT_TOKEN, OnixSandbox

__all__ = ["DEFAULT_TOKEN", "OnixSandbox"]
