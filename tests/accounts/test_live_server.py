"""What a browser test does to the live server: a page's parallel requests (its avatars)
while the test itself writes to the database. Each request answers, and with its own
user's avatar, whatever the database (on SQLite the live server once shared one in-memory
connection between all of them)."""

from concurrent.futures import ThreadPoolExecutor
from urllib.request import urlopen

import pytest
from django.db import connection

from accounts.views import _AVATAR_COLOURS
from tests.factories import MembershipFactory, UserFactory, make_token

pytestmark = pytest.mark.django_db(transaction=True)


def _fetch(url):
    with urlopen(url, timeout=20) as response:
        return response.status, response.read()


def test_parallel_requests_while_the_test_writes(live_server):
    users = UserFactory.create_batch(8)
    team = MembershipFactory(user=users[0]).team
    urls = [f"{live_server.url}/users/{user.pk}/avatar.svg" for user in users] * 20

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = pool.map(_fetch, urls)
        for n in range(30):
            make_token(user=users[0], team=team, description=f"written meanwhile {n}")
        answers = list(answers)

    assert [status for status, _ in answers] == [200] * len(urls)
    for user, (_, body) in zip(users * 20, answers, strict=True):
        colour = _AVATAR_COLOURS[user.pk % len(_AVATAR_COLOURS)]
        assert f'fill="{colour}"'.encode() in body


def test_the_live_server_has_its_own_connections():
    # The in-memory database that made the live server share a connection is not used.
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db())
