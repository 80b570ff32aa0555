"""The client address (tokens/addresses.py): REMOTE_ADDR, or behind trusted proxies the
X-Forwarded-For entry they vouch for; and a token's last five distinct addresses."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tokens.addresses import client_address, normalize_address, recent_addresses_with
from tokens.models import PersonalAccessToken, TokenEvent

pytestmark = pytest.mark.django_db


def _request(remote="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("behind_proxy", "proxies", "remote", "forwarded", "expected"),
    [
        # Not behind a proxy: the header is the client's to write, never read.
        (False, 1, "198.51.100.7", "203.0.113.9", "198.51.100.7"),
        (False, 1, "2001:db8::7", None, "2001:db8::7"),
        # One proxy: the entry it appended (the right-most), never the left-most.
        (True, 1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        (True, 1, "10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (True, 1, "10.0.0.2", "6.6.6.6,203.0.113.9", "203.0.113.9"),
        (True, 1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
        (True, 1, "10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
        (True, 1, "10.0.0.2", "203.0.113.9:51234", "203.0.113.9"),
        (True, 1, "10.0.0.2", "::ffff:203.0.113.9", "203.0.113.9"),
        # Two proxies (a load balancer, then nginx): the second entry from the right.
        (True, 2, "10.0.0.3", "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (True, 2, "10.0.0.3", "2001:db8::5, 10.0.0.2", "2001:db8::5"),
        # Fewer entries than trusted proxies, no header, or garbage: the socket's address.
        (True, 2, "10.0.0.3", "203.0.113.9", "10.0.0.3"),
        (True, 1, "10.0.0.2", None, "10.0.0.2"),
        (True, 1, "10.0.0.2", "", "10.0.0.2"),
        (True, 1, "10.0.0.2", "6.6.6.6, not-an-address", "10.0.0.2"),
        (True, 1, "10.0.0.2", "unknown", "10.0.0.2"),
    ],
)
def test_client_address(settings, behind_proxy, proxies, remote, forwarded, expected):
    settings.BEHIND_PROXY = behind_proxy
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(_request(remote, forwarded)) == expected


def test_no_valid_address_is_none(settings):
    settings.BEHIND_PROXY = False
    assert client_address(_request(remote="")) is None
    assert client_address(_request(remote="bogus")) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2001:0DB8:0000::0001", "2001:db8::1"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("[::1]", "::1"),
        ("999.1.1.1", None),
        ("", None),
    ],
)
def test_normalize_address(value, expected):
    assert normalize_address(value) == expected


def test_recent_addresses_keep_five_distinct_newest_first():
    recent = []
    for number in range(7):
        recent = recent_addresses_with(recent, f"192.0.2.{number}", f"t{number}")
    assert [entry["address"] for entry in recent] == [f"192.0.2.{n}" for n in (6, 5, 4, 3, 2)]
    recent = recent_addresses_with(recent, "192.0.2.3", "later")
    assert recent[0] == {"address": "192.0.2.3", "seen": "later"}
    assert [entry["address"] for entry in recent].count("192.0.2.3") == 1
    assert len(recent) == PersonalAccessToken.RECENT_ADDRESSES
    assert recent_addresses_with(recent, None, "never") is recent


# --- Recorded by authentication, within the once-a-minute write -------------------------------


def test_addresses_are_recorded_with_last_used_at_once_a_minute(
    pat_client, settings, frozen_now, django_assert_num_queries
):
    settings.BEHIND_PROXY = True
    client, token = pat_client()
    url = reverse("api:me-token")
    start = frozen_now(timezone.now())
    assert client.get(url, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == start
    assert token.recent_address_list == [("203.0.113.9", start)]

    # Within the minute: another address is not written (no query beyond the statement).
    frozen_now(start + timedelta(seconds=30))
    with django_assert_num_queries(1):
        assert client.get(url, HTTP_X_FORWARDED_FOR="2001:db8::9").status_code == 200
    token.refresh_from_db()
    assert [address for address, _ in token.recent_address_list] == ["203.0.113.9"]

    # The next minute's write records it, newest first.
    later = frozen_now(start + timedelta(seconds=61))
    with django_assert_num_queries(2):  # the statement, and the one conditional UPDATE
        assert client.get(url, HTTP_X_FORWARDED_FOR="2001:db8::9").status_code == 200
    token.refresh_from_db()
    assert token.recent_address_list == [("2001:db8::9", later), ("203.0.113.9", start)]


def test_audit_events_take_the_address_from_the_same_helper(pat_client, settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    client, token = pat_client()
    response = client.delete(reverse("api:me-token"), HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.50")
    assert response.status_code == HTTPStatus.NO_CONTENT
    event = TokenEvent.objects.get(token_id=token.pk, action=TokenEvent.Action.DELETED)
    assert event.ip == "203.0.113.50"


def test_settings_page_and_admin_show_the_addresses(client, admin_client, make_pat):
    token, _ = make_pat()
    seen = timezone.now() - timedelta(hours=2)
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        last_used_at=seen,
        recent_addresses=[
            {"address": "2001:db8::42", "seen": seen.isoformat()},
            {"address": "192.0.2.17", "seen": (seen - timedelta(days=1)).isoformat()},
        ],
    )
    client.force_login(token.user)
    body = client.get(reverse("pat-list")).content.decode()
    assert "2 recent addresses" in body
    assert body.index("2001:db8::42") < body.index("192.0.2.17")
    page = admin_client.get(reverse("admin:tokens_personalaccesstoken_change", args=[token.pk]))
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "<code>2001:db8::42</code>" in html and "<code>192.0.2.17</code>" in html
