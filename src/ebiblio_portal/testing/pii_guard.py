"""A pytest plugin that proves no personal identity code reaches the logs or the test databases.

Every log record of the run (the portal's and every plugin's loggers at DEBUG,
everything else from WARNING) is written to one file. Tests marked
``runs_last`` are moved to the end of the run; the check in
``tests/accounts/test_zz_no_identity_codes.py`` carries that mark and greps the
file and the databases with ``find_identity_codes``.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import os
import pathlib
import re

import pytest

from ..accounts import hetu

CANDIDATE = re.compile(rb"(?<![0-9A-Za-z])([0-3][0-9][01][0-9][0-9]{2}[-+A-FU-Y][0-9]{3}[0-9A-Y])(?![0-9A-Za-z])")
LOG_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"

_state = {"path": None, "handler": None}


def log_path():
    """The file that holds every log record of this run (None before the run is configured)."""
    return _state["path"]


def flush():
    """Write out what the run's log file has buffered."""
    if _state["handler"] is not None:
        _state["handler"].flush()


def find_identity_codes(data):
    """Valid personal identity codes (temporary ones included) in ``data`` (bytes)."""
    found = set()
    for match in CANDIDATE.finditer(data):
        text = match.group(1).decode("ascii")
        try:
            hetu.validate(text, allow_temporary=True)
        except hetu.InvalidIdentityCode:
            continue
        found.add(text)
    return found


def pytest_configure(config):
    config.addinivalue_line("markers", "runs_last: run after every other test (the whole-run checks)")
    if _state["handler"] is not None:
        return
    # Kept after the run beside the browser screenshots, so CI can keep it as an artefact.
    folder = pathlib.Path(os.environ.get("EBIBLIO_TEST_ARTIFACTS", "test-artifacts")) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"run-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
    path.write_bytes(b"")
    # Append mode: fileConfig (the CLI) closes every handler, and only an appending one reopens by itself.
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    _state.update(path=path, handler=handler)
    _attach()


def _attach():
    """Put the handler back and wake our loggers: ``logging.config.fileConfig`` (the CLI) removes and disables them."""
    handler, root = _state["handler"], logging.getLogger()
    if handler is None:
        return
    if handler not in root.handlers:
        root.addHandler(handler)
    names = _our_loggers()
    for name in [*names, *logging.root.manager.loggerDict]:
        if not any(name == ours or name.startswith(ours + ".") for ours in names):
            continue
        logger = logging.getLogger(name)
        logger.disabled = False
        if name in names and (logger.level == logging.NOTSET or logger.level > logging.DEBUG):
            logger.setLevel(logging.DEBUG)


def pytest_runtest_setup(item):
    _attach()


def pytest_unconfigure(config):
    handler = _state["handler"]
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
        _state["handler"] = None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    last = [item for item in items if item.get_closest_marker("runs_last")]
    if last:
        items[:] = [item for item in items if not item.get_closest_marker("runs_last")] + last


@functools.cache
def _our_loggers():
    names = {"ebiblio_portal"}
    for entry_point in importlib.metadata.entry_points(group="ebiblio_portal"):
        names.add(entry_point.value.split(".", 1)[0].split(":", 1)[0])
    return tuple(sorted(names))
