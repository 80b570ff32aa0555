"""pyproject.toml says what the project is: an SPDX licence, the Pythons it is tested on.

Whether uv.lock is in step with pyproject.toml is CI's check (`make check-lock`).
"""

import re
import sys
import tomllib
from pathlib import Path

from packaging.licenses import canonicalize_license_expression
from packaging.specifiers import SpecifierSet

PROJECT = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())[
    "project"
]


def listed_pythons() -> list[str]:
    """The X.Y versions named by the 'Programming Language :: Python :: X.Y' classifiers."""
    pattern = re.compile(r"Programming Language :: Python :: (\d+\.\d+)$")
    return [m[1] for c in PROJECT["classifiers"] if (m := pattern.match(c))]


def test_license_is_an_spdx_expression():
    # PEP 639: a string (a TOML table is deprecated), valid SPDX, and ours is not open source.
    assert isinstance(PROJECT["license"], str)
    assert canonicalize_license_expression(PROJECT["license"]) == "LicenseRef-Proprietary"


def test_the_python_running_the_suite_is_supported_and_listed():
    # CI runs the suite on each Python it supports, so each of them passes through here.
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert SpecifierSet(PROJECT["requires-python"]).contains(f"{running}.0")
    assert running in listed_pythons()


def test_classifiers_name_only_pythons_that_requires_python_admits():
    supported = SpecifierSet(PROJECT["requires-python"])
    assert listed_pythons()
    assert all(supported.contains(f"{version}.0") for version in listed_pythons())
    # The Python after the newest tested one is not claimed until CI runs on it.
    newest = max(tuple(map(int, version.split("."))) for version in listed_pythons())
    assert not supported.contains(f"{newest[0]}.{newest[1] + 1}.0")
