"""Rate limits in API v2.3 terms: `quota_max`/`quota_remaining` (the daily quota per user),
`backoff` when the burst budget is nearly spent, and 502 `throttle_violation` when over,
with the same `x-burst-throttle-*`/`x-token-bucket-*` headers as v3.

Every test runs on local memory, and on real Redis when CACHE_URL points at Redis (CI's
PostgreSQL pass), as tests/tokens/test_throttling.py does. The clock is a fake one.
"""

import os
from http import HTTPStatus

import environ
import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from content.api_v2.base import BACKOFF_THRESHOLD
from content.api_v2.errors import THROTTLE_MESSAGE
from tests.factories import UserFactory, make_token
from tokens.throttling import (
    BUCKET_CALLS_LEFT,
    BURST_CALLS_LEFT,
    HEADERS,
    PersonalAccessTokenRateThrottle,
    daily_quota_consume,
)

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("CACHE_URL", "")
T0 = 1_800_000_000.0
INFO = "/api/2.3/info"


class FakeClock:
    def __init__(self, now: float = T0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _cache_config(backend: str, name: str) -> dict:
    if backend == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    return environ.Env.cache_url_config(REDIS_URL)


@pytest.fixture(
    params=[
        "locmem",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(
                not REDIS_URL.startswith("redis"),
                reason="needs CACHE_URL=redis://… (runs in CI's PostgreSQL pass)",
            ),
        ),
    ]
)
def backend(request, settings):
    """Rate-limit and quota state on the chosen backend, under its own alias, cleared.
    `ratelimit-2` is a second client: the same Redis, or another process's memory."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": _cache_config(request.param, "v2rl"),
        "ratelimit-2": _cache_config(request.param, "v2rl-2"),
    }
    settings.PAT_RATE_LIMITS = {**settings.PAT_RATE_LIMITS, "CACHE": "ratelimit"}
    for alias in ("ratelimit", "ratelimit-2"):
        caches[alias].clear()
    yield request.param
    for alias in ("ratelimit", "ratelimit-2"):
        caches[alias].clear()


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(PersonalAccessTokenRateThrottle, "timer", fake)
    return fake


@pytest.fixture
def limits(settings):
    def apply(**values):
        settings.PAT_RATE_LIMITS = {**settings.PAT_RATE_LIMITS, **values}

    return apply


def v2_client(code: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_API_ACCESS_TOKEN=code)
    return client


def test_quota_remaining_falls_by_one_per_call_across_tokens(backend, clock, team):
    user = UserFactory()
    first = v2_client(make_token(user=user, team=team)[1])
    second = v2_client(make_token(user=user, team=team)[1])
    seen = []
    for client in (first, second, first, second):
        body = client.get(INFO).json()
        assert body["quota_max"] == 10_000
        seen.append(body["quota_remaining"])
        clock.advance(0.01)
    # One quota per user: both of their tokens spend it, one call at a time.
    assert seen == [9_999, 9_998, 9_997, 9_996]


def test_each_user_has_their_own_quota(backend, clock, team):
    mine = v2_client(make_token(team=team)[1])
    theirs = v2_client(make_token(team=team)[1])
    mine.get(INFO)
    mine.get(INFO)
    assert theirs.get(INFO).json()["quota_remaining"] == 9_999


def test_quota_is_shared_by_every_worker(backend, settings):
    """Two cache clients: on Redis they share the count (two workers, two machines)."""
    daily_quota_consume(ident="user:1", quota=100, now=T0)
    settings.PAT_RATE_LIMITS = {**settings.PAT_RATE_LIMITS, "CACHE": "ratelimit-2"}
    left = daily_quota_consume(ident="user:1", quota=100, now=T0)
    assert left == (98 if backend == "redis" else 99)  # local memory is one process's


def test_the_quota_is_per_day_and_never_below_zero(backend):
    assert daily_quota_consume(ident="user:7", quota=2, now=T0) == 1
    assert daily_quota_consume(ident="user:7", quota=2, now=T0 + 1) == 0
    assert daily_quota_consume(ident="user:7", quota=2, now=T0 + 2) == 0
    assert daily_quota_consume(ident="user:7", quota=2, now=T0 + 86_400) == 1  # next day


def test_the_daily_quota_is_a_setting(backend, clock, settings, team):
    settings.API_V2_DAILY_QUOTA = 3
    client = v2_client(make_token(team=team)[1])
    bodies = [client.get(INFO).json() for _ in range(4)]
    assert [b["quota_max"] for b in bodies] == [3, 3, 3, 3]
    assert [b["quota_remaining"] for b in bodies] == [2, 1, 0, 0]
    assert all(b["items"] for b in bodies)  # informative: the quota alone refuses nothing


def test_backoff_when_the_burst_budget_is_nearly_spent_then_throttle_violation(
    backend, clock, limits, team
):
    limits(BURST_CALLS=10, BURST_SECONDS=5)
    client = v2_client(make_token(team=team)[1])
    threshold = 10 * BACKOFF_THRESHOLD  # backoff once no more than 2 calls are left
    for call in range(1, 11):
        response = client.get(INFO)
        assert response.status_code == HTTPStatus.OK
        body = response.json()
        left = int(response[BURST_CALLS_LEFT])
        assert left == 10 - call
        if left > threshold:
            assert "backoff" not in body, call
        else:
            # seconds until the burst window (opened at T0, 5 s long) closes, rounded up
            assert body["backoff"] == 5, call  # 4.2 s and 4.1 s left, rounded up
        clock.advance(0.1)

    refused = client.get(INFO)
    assert refused.status_code == 502
    assert refused["Content-Type"].startswith("application/json")
    body = refused.json()
    assert body == {
        "error_id": 502,
        "error_name": "throttle_violation",
        "error_message": THROTTLE_MESSAGE.format(seconds=4),  # 4.0 s left in the window
    }
    assert "more requests available in 4 seconds" in body["error_message"]
    assert refused["Retry-After"] == "4"
    assert set(HEADERS) <= set(refused.headers)
    assert refused[BURST_CALLS_LEFT] == "0"
    assert refused[BUCKET_CALLS_LEFT] == "4990"  # a refused call is not counted

    clock.advance(4.0)  # the window is closed: calls are allowed again, without backoff
    allowed = client.get(INFO)
    assert allowed.status_code == HTTPStatus.OK
    assert "backoff" not in allowed.json()
    assert allowed[BURST_CALLS_LEFT] == "9"


def test_an_empty_token_bucket_is_a_throttle_violation_too(backend, clock, limits, team):
    limits(BURST_CALLS=1000, BUCKET_SIZE=2, REFILL_CALLS=1, REFILL_SECONDS=30)
    client = v2_client(make_token(team=team)[1])
    assert client.get(INFO).status_code == HTTPStatus.OK
    assert client.get(INFO).status_code == HTTPStatus.OK
    refused = client.get(INFO)
    assert refused.status_code == 502
    assert refused.json()["error_message"] == THROTTLE_MESSAGE.format(seconds=30)
    assert refused[BUCKET_CALLS_LEFT] == "0"
    assert refused["Retry-After"] == "30"


def test_v2_and_v3_spend_one_budget_with_the_same_headers(backend, clock, limits, team):
    limits(BURST_CALLS=4)
    _, code = make_token(team=team)
    v2 = v2_client(code)
    v3 = APIClient()
    v3.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    v2_response = v2.get(INFO)
    v3_response = v3.get("/api/v3/users/me")
    assert set(HEADERS) <= set(v2_response.headers)
    assert set(HEADERS) <= set(v3_response.headers)
    assert (v2_response[BURST_CALLS_LEFT], v3_response[BURST_CALLS_LEFT]) == ("3", "2")
    v3.get("/api/v3/users/me")
    v3.get("/api/v3/users/me")
    assert v2.get(INFO).status_code == 502
