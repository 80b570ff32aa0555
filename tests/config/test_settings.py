"""Start-up errors are one clear line and a non-zero exit, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    env.update(env_overrides)
    # An empty .env path keeps the developer's .env out of the picture.
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_missing_secret_key_in_production_is_one_clear_line():
    result = manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "SECRET_KEY" in lines[0]


def test_unknown_database_scheme_is_one_clear_line():
    result = manage("check", DEBUG="true", DATABASE_URL="mongodb://localhost/x")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DATABASE_URL" in lines[0] and "mongodb" in lines[0]


@pytest.mark.parametrize("port", [1])
def test_unreachable_database_is_one_clear_line(port):
    result = manage(
        "migrate", DEBUG="true", DATABASE_URL=f"postgres://nobody@127.0.0.1:{port}/nowhere"
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Cannot reach the database")


def test_production_settings_pass_check_deploy():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="teamstack.example.com",
        HTTPS="true",
    )
    assert result.returncode == 0, result.stdout + result.stderr
