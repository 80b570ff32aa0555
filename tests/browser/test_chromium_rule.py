"""The skip rule for the browser tests (runs without Chromium)."""

from pathlib import Path

import pytest

from tests.browser.chromium import INSTALL_HINT, require_chromium

MISSING = Path("/nonexistent/chromium")


def test_missing_chromium_skips_with_the_install_hint():
    with pytest.raises(pytest.skip.Exception, match=INSTALL_HINT):
        require_chromium(MISSING, environ={})


def test_missing_chromium_fails_in_ci():
    with pytest.raises(pytest.fail.Exception, match=INSTALL_HINT):
        require_chromium(MISSING, environ={"CI": "true"})


def test_present_chromium_runs(tmp_path):
    binary = tmp_path / "chromium"
    binary.touch()
    assert require_chromium(binary, environ={"CI": "true"}) is None
