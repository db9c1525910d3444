"""The sandbox ODL distributor (development, demo and tests only)."""

from .app import OdlSandbox
from .catalogue import CLASSICS

__all__ = ["CLASSICS", "OdlSandbox", "classic_key", "make_sandbox"]


def make_sandbox(size=400, *, seed=2024, lenient=False):
    """A sandbox distributor with ``size`` publications, the classics always among them."""
    return OdlSandbox(size, seed=seed, lenient=lenient)


def classic_key(title, medium="ebook"):
    """The stable key of a classic, e.g. ``classic_key("Seitsemän veljestä", "audiobook")``."""
    for classic in CLASSICS:
        if classic.title == title and classic.medium == medium:
            return classic.key
    raise KeyError(f"no classic {title!r} as {medium}")
