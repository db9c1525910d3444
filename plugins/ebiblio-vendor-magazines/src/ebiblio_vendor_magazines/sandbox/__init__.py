"""The sandbox magazine vendor: a WSGI app that speaks the vendor's protocol with generated issues."""

from .app import MagazineSandbox, sign
from .archive import SANDBOX_API_KEY

__all__ = ["SANDBOX_API_KEY", "MagazineSandbox", "sign"]
