"""The sandbox identity provider and its test persons."""

from .app import MISBEHAVIOURS, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, OIDCSandbox
from .persons import PERSONS, SandboxPerson, by_key

__all__ = [
    "MISBEHAVIOURS",
    "PERSONS",
    "SANDBOX_CLIENT_ID",
    "SANDBOX_CLIENT_SECRET",
    "OIDCSandbox",
    "SandboxPerson",
    "by_key",
]
