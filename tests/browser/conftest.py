"""Browser tests: Playwright for Python driving Debian's Chromium against `live_server`.

Without /usr/bin/chromium these tests are skipped with a reason that says how to enable
them, except in CI (the `CI` environment variable is set), where that is a failure.
"""

import os
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, require_chromium

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module.

    Playwright's sync API keeps an asyncio loop running in this thread while it is started,
    and Django refuses ORM calls under a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set. The variable is set only while Playwright runs (module scope, so each test's
    database teardown happens inside it) and removed afterwards: left set for the whole
    session it leaks into other tests (`check --deploy` reports it as async.E001).
    """
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # two shared cores: give slow pages time, not flakes
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshots(tmp_path):
    """Where screenshots go: a temporary folder, or the README's `docs/screenshots/` when
    UPDATE_SCREENSHOTS=1 (so an ordinary test run never rewrites a committed file)."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path
