"""Fixtures of the content tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Content tests make many users; a slow password hash adds nothing to what they check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Web pages (tests/content/test_web_*.py) ---------------------------------------------


@pytest.fixture
def login(client):
    """`login(user)` → the test client, signed in as `user`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def admin(team):
    """An admin of `team`."""
    from teams.models import Membership
    from tests.factories import MembershipFactory

    return MembershipFactory(team=team, role=Membership.Role.ADMIN).user
