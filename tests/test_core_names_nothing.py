"""The core names no vendor, theme or municipality: those arrive through plugins and data."""

import csv
import importlib.metadata
import pathlib
import re

ROOT = pathlib.Path(__file__).parents[1]
CORE = ROOT / "src" / "ebiblio_portal"
DATA = CORE / "municipalities" / "data"


def core_sources():
    for path in CORE.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".jinja2", ".css", ".js", ".mako"} and DATA not in path.parents:
            yield path, path.read_text(encoding="utf-8")


def test_no_municipality_name_in_the_core():
    with open(DATA / "municipalities.csv", encoding="utf-8") as handle:
        names = {row[column] for row in csv.DictReader(handle) for column in ("name_fi", "name_sv")}
    # Short names such as "Ii" or "Salo" are also ordinary words; longer ones are telling.
    telling = sorted(name for name in names if len(name) >= 5)
    # A time zone such as Europe/Helsinki names a zone, not a municipality.
    pattern = re.compile(r"(?<!Europe/)\b(" + "|".join(map(re.escape, telling)) + r")\b")
    found = [(path.name, match.group(1)) for path, text in core_sources() for match in pattern.finditer(text)]
    assert found == []


def test_no_plugin_name_in_the_core():
    plugins = {
        (entry_point.name, entry_point.value.split(".")[0])
        for entry_point in importlib.metadata.entry_points(group="ebiblio_portal")
    }
    assert plugins, "the project's plugins are installed by make"
    for path, text in core_sources():
        for name, module in plugins:
            assert module not in text, f"{path} names the plugin module {module}"
            assert not re.search(rf"\bebiblio\.vendor\.{re.escape(name)}\.", text), f"{path} names {name}'s settings"
