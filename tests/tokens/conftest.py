"""Fixtures for the token tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests make hundreds of users and never check a password: skip PBKDF2's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
