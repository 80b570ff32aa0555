"""Fixtures of the content tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Content tests make many users; a slow password hash adds nothing to what they check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
