"""Browser tests: Debian's Chromium driven by Playwright, axe-core for accessibility.

The fixtures skip (saying why) where Chromium or Playwright is missing, and
fail instead when ``EBIBLIO_REQUIRE_BROWSER`` is set, as CI does.
"""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = pathlib.Path(os.environ.get("EBIBLIO_TEST_ARTIFACTS", "test-artifacts"))


def chromium_path():
    for candidate in (os.environ.get("EBIBLIO_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def _missing(reason):
    if os.environ.get("EBIBLIO_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests are required here but {reason}")
    pytest.skip(f"browser tests need Chromium and Playwright: {reason}")


@pytest.fixture(scope="session")
def chromium():
    executable = chromium_path()
    if executable is None:
        _missing("no Chromium at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page):
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(page, options=options)
    return [
        {"id": v["id"], "impact": v.get("impact"), "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
