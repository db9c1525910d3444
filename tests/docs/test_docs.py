"""The documentation keeps up with the code: every hook and every interface is described."""

from __future__ import annotations

import inspect
import pathlib
import re

import pytest
from zope.interface import Interface
from zope.interface.interface import InterfaceClass

from ebiblio_portal import hookspecs, interfaces

ROOT = pathlib.Path(__file__).resolve().parents[2]
HOOKSPECS = sorted(
    name
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(function, "ebiblio_portal_spec")
)
INTERFACES = sorted(
    name
    for name, value in vars(interfaces).items()
    if isinstance(value, InterfaceClass) and value is not Interface and name.startswith("I")
)


def read(relative):
    return (ROOT / relative).read_text(encoding="utf-8")


def names_in(text):
    return set(re.findall(r"\w+", text))


def test_there_is_something_to_check():
    assert "register_content_providers" in HOOKSPECS
    assert "IContentProvider" in INTERFACES


@pytest.mark.parametrize("document", ["docs/plugins.md", "docs/architecture.md"])
@pytest.mark.parametrize("hook", HOOKSPECS)
def test_every_hook_is_documented(document, hook):
    assert hook in names_in(read(document)), f"{document} does not name the hook {hook}"


@pytest.mark.parametrize("interface", INTERFACES)
def test_every_interface_is_in_the_architecture(interface):
    assert interface in names_in(read("docs/architecture.md")), f"docs/architecture.md does not name {interface}"


@pytest.mark.parametrize("command", ["make run", "make test"])
def test_the_readme_names_the_two_commands(command):
    assert command in read("README.md")


def test_the_walkthrough_uses_the_real_example():
    example = read("docs/examples/minimal_vendor.py")
    marker = "# docs/examples/minimal_vendor.py\n"
    pieces = [
        snippet.removeprefix(marker)
        for snippet in re.findall(r"```python\n(.*?)```", read("docs/plugins.md"), flags=re.DOTALL)
        if snippet.startswith(marker)
    ]
    assert len(pieces) >= 5, "docs/plugins.md walks through the example in pieces"
    for piece in pieces:
        assert piece.strip() in example, f"this piece of docs/plugins.md differs from the example:\n{piece}"
