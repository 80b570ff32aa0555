"""Where the browser tests find Chromium, and what happens when it is not there."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "install Chromium: apt-get install -y chromium"


def require_chromium(path: Path = CHROMIUM, environ=os.environ) -> None:
    """Skip when Chromium is missing, saying how to get it; fail instead in CI."""
    if path.exists():
        return
    reason = f"{path} not found: {INSTALL_HINT} (the browser tests then run)"
    if environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {reason}")
    pytest.skip(reason)
