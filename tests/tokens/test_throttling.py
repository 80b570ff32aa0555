"""Rate limits: Stack Internal v3 burst + token bucket, headers on every API response.

Every test runs twice: on local memory, and on real Redis when CACHE_URL points at Redis
(CI's PostgreSQL pass). The clock is a fake one the tests move; nothing sleeps.
"""

import os
from http import HTTPStatus

import environ
import pytest
from django.core.cache import caches
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import MembershipFactory, TeamFactory
from tokens import throttling
from tokens.errors import PROBLEM_CONTENT_TYPE, problem_type
from tokens.throttling import (
    BUCKET_CALLS_LEFT,
    BUCKET_SECONDS_UNTIL_FULL,
    BUCKET_SECONDS_UNTIL_NEXT_REFILL,
    BURST_CALLS_LEFT,
    BURST_SECONDS_UNTIL_FULL,
    HEADERS,
    PersonalAccessTokenRateThrottle,
    rate_limit_consume,
)

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("CACHE_URL", "")
T0 = 1_800_000_000.0  # an arbitrary moment, in seconds


class FakeClock:
    def __init__(self, now: float = T0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _cache_config(backend: str, name: str) -> dict:
    if backend == "locmem":  # a LOCATION of its own: like another process's memory
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    return environ.Env.cache_url_config(REDIS_URL)  # the same Redis, another client


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
    """Rate-limit state on the chosen backend, under its own cache alias, cleared."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": _cache_config(request.param, "rl"),
        "ratelimit-2": _cache_config(request.param, "rl-2"),
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
    """Set some limits (the rest keep their defaults)."""

    def apply(**values):
        settings.PAT_RATE_LIMITS = {**settings.PAT_RATE_LIMITS, **values}

    return apply


def _headers(response) -> dict[str, int]:
    return {name: int(response[name]) for name in HEADERS}


def test_first_request_shows_full_limits_less_one(backend, clock, pat_client):
    client, _ = pat_client()
    response = client.get(reverse("api:me-token"))
    assert response.status_code == HTTPStatus.OK
    assert _headers(response) == {
        BURST_CALLS_LEFT: 49,
        BURST_SECONDS_UNTIL_FULL: 2,
        BUCKET_CALLS_LEFT: 4999,
        BUCKET_SECONDS_UNTIL_FULL: 60,
        BUCKET_SECONDS_UNTIL_NEXT_REFILL: 60,
    }


def test_burst_of_50_in_2_seconds_then_429_with_retry_after(backend, clock, pat_client):
    client, _ = pat_client()
    url = reverse("api:me-token")
    for expected_left in range(49, -1, -1):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert int(response[BURST_CALLS_LEFT]) == expected_left
        clock.advance(0.01)

    refused = client.get(url)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = refused.json()
    assert body["type"] == problem_type("throttled")
    assert body["status"] == HTTPStatus.TOO_MANY_REQUESTS
    assert body["title"] == "Too Many Requests"
    assert "2 seconds" in body["detail"]
    assert refused["Retry-After"] == "2"  # 1.5 s left in the window, rounded up
    assert _headers(refused)[BURST_CALLS_LEFT] == 0
    assert _headers(refused)[BUCKET_CALLS_LEFT] == 4950  # refused calls are not counted

    clock.advance(1.0)
    assert client.get(url)["Retry-After"] == "1"
    clock.advance(0.5)  # the window opened at T0 and is now closed
    allowed = client.get(url)
    assert allowed.status_code == HTTPStatus.OK
    assert _headers(allowed)[BURST_CALLS_LEFT] == 49
    assert _headers(allowed)[BUCKET_CALLS_LEFT] == 4949


def test_token_bucket_refill_arithmetic(backend, clock, limits, pat_client):
    limits(BURST_CALLS=1000, BUCKET_SIZE=10, REFILL_CALLS=3, REFILL_SECONDS=60)
    client, _ = pat_client()
    url = reverse("api:me-token")
    for _ in range(10):
        assert client.get(url).status_code == HTTPStatus.OK
    empty = client.get(url)
    assert empty.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert empty["Retry-After"] == "60"
    # 10 missing = 4 refills of 3: the next in 60 s, then three more 60 s apart.
    assert _headers(empty) == {
        BURST_CALLS_LEFT: 990,
        BURST_SECONDS_UNTIL_FULL: 2,
        BUCKET_CALLS_LEFT: 0,
        BUCKET_SECONDS_UNTIL_FULL: 240,
        BUCKET_SECONDS_UNTIL_NEXT_REFILL: 60,
    }

    clock.advance(45)
    still_empty = client.get(url)
    assert still_empty.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert still_empty["Retry-After"] == "15"
    assert _headers(still_empty)[BUCKET_SECONDS_UNTIL_FULL] == 195

    clock.advance(15)  # T0 + 60: one refill of 3, one taken
    refilled = client.get(url)
    assert refilled.status_code == HTTPStatus.OK
    assert _headers(refilled)[BUCKET_CALLS_LEFT] == 2
    assert _headers(refilled)[BUCKET_SECONDS_UNTIL_NEXT_REFILL] == 60
    assert _headers(refilled)[BUCKET_SECONDS_UNTIL_FULL] == 180  # 8 missing: 3 refills

    clock.advance(150)  # T0 + 210: two more refills (at 120 and 180), 30 s into the next
    later = client.get(url)
    assert _headers(later)[BUCKET_CALLS_LEFT] == 7
    assert _headers(later)[BUCKET_SECONDS_UNTIL_NEXT_REFILL] == 30
    assert _headers(later)[BUCKET_SECONDS_UNTIL_FULL] == 30

    clock.advance(3600)  # never more than the bucket holds; the refill clock restarts
    full = client.get(url)
    assert _headers(full)[BUCKET_CALLS_LEFT] == 9
    assert _headers(full)[BUCKET_SECONDS_UNTIL_NEXT_REFILL] == 60


def test_each_token_has_its_own_budget(backend, clock, limits, pat_client, team):
    limits(BUCKET_SIZE=3)
    first, _ = pat_client(team=team)
    second, _ = pat_client(team=team)
    url = reverse("api:me-token")
    for _ in range(3):
        assert first.get(url).status_code == HTTPStatus.OK
    assert first.get(url).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert second.get(url).status_code == HTTPStatus.OK


def test_regenerated_token_keeps_its_budget(backend, clock, limits, pat_client):
    from tokens.services import token_regenerate

    limits(BUCKET_SIZE=2)
    client, token = pat_client()
    url = reverse("api:me-token")
    assert client.get(url).status_code == HTTPStatus.OK
    assert client.get(url).status_code == HTTPStatus.OK
    _, code = token_regenerate(token=token)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    assert client.get(url).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_error_responses_carry_the_headers_and_are_counted(backend, clock, pat_client):
    client, token = pat_client()
    other_team = TeamFactory()
    MembershipFactory(team=other_team, user=token.user)
    wrong_team = client.get(reverse("api:users-me", kwargs={"team": other_team.slug}))
    assert wrong_team.status_code == HTTPStatus.FORBIDDEN
    assert _headers(wrong_team)[BUCKET_CALLS_LEFT] == 4999
    assert _headers(client.get(reverse("api:me-token")))[BUCKET_CALLS_LEFT] == 4998

    stranger = APIClient()
    stranger.credentials(HTTP_AUTHORIZATION="Bearer tspat_not-a-token")
    invalid = stranger.get(reverse("api:me-token"))
    assert invalid.status_code == HTTPStatus.UNAUTHORIZED
    assert _headers(invalid)[BUCKET_CALLS_LEFT] == 4999  # counted against the address
    anonymous = APIClient().get(reverse("api:me-token"))
    assert anonymous.status_code == HTTPStatus.UNAUTHORIZED
    assert _headers(anonymous)[BUCKET_CALLS_LEFT] == 4998  # same address, same budget
    unknown = client.get("/api/v3/no-such-endpoint")
    assert unknown.status_code == HTTPStatus.NOT_FOUND
    assert BURST_CALLS_LEFT in unknown


def test_session_requests_are_counted_per_user(backend, clock, team, member, api_client):
    api_client.force_login(member)
    url = reverse("api:users-me", kwargs={"team": team.slug})
    assert _headers(api_client.get(url))[BUCKET_CALLS_LEFT] == 4999
    other = APIClient()
    other.force_login(member)
    response = other.get(url)
    assert response.status_code == HTTPStatus.OK
    assert _headers(response)[BUCKET_CALLS_LEFT] == 4998


def test_pages_outside_the_api_have_no_rate_limit_headers(backend, clock, client):
    response = client.get(reverse("login"))
    assert BURST_CALLS_LEFT not in response


def test_two_workers_share_one_budget(backend, limits):
    """Two cache clients (two gunicorn workers, or two machines) spend one bucket."""
    limits(BUCKET_SIZE=6)
    seen = []
    for step in range(8):
        alias = "ratelimit" if step % 2 == 0 else "ratelimit-2"
        limits(CACHE=alias)
        state = rate_limit_consume(ident="token:1", now=T0 + step * 0.1)
        seen.append((state.allowed, state.bucket))
    if backend == "locmem":
        # Local memory is per process: each "worker" would have a budget of its own.
        assert seen[-2:] == [(True, 2), (True, 2)]
    else:
        assert seen == [(True, n) for n in range(5, -1, -1)] + [(False, 0), (False, 0)]


def test_store_clock_is_used_when_no_clock_is_injected(backend):
    state = rate_limit_consume(ident="token:2")
    assert state.allowed
    assert state.headers()[BUCKET_CALLS_LEFT] == "4999"
    assert state.headers()[BUCKET_SECONDS_UNTIL_NEXT_REFILL] == "60"
    again = rate_limit_consume(ident="token:2")
    assert again.now >= state.now
    assert again.bucket == 4998


def test_cache_outage_lets_requests_through_counted_by_the_process(
    backend, monkeypatch, pat_client
):
    """The cache raising (tests/tokens/test_hardening_tokens.py hangs a real socket)."""

    class BrokenCache:
        def __getattr__(self, name):
            raise ConnectionError("cache down")

    monkeypatch.setattr(throttling, "caches", {"ratelimit": BrokenCache()})
    client, _ = pat_client()
    response = client.get(reverse("api:me-token"))
    assert response.status_code == HTTPStatus.OK
    assert response[BURST_CALLS_LEFT] == "49"  # this process's limiter counted it


def test_python_and_lua_arithmetic_agree_on_a_long_run(backend, limits):
    """A fixed pseudo-random schedule; the expected states come from `advance` itself."""
    import random

    limits(BURST_CALLS=5, BURST_SECONDS=2, BUCKET_SIZE=20, REFILL_CALLS=4, REFILL_SECONDS=7)
    rng = random.Random(6)
    config = throttling.RateLimits.from_settings()
    state, now = None, int(T0 * 1000)
    for _ in range(300):
        now += rng.choice([0, 10, 250, 900, 2000, 7000])
        expected_allowed, state = throttling.advance(state, now, config)
        got = rate_limit_consume(ident="token:3", now=now / 1000)
        assert (got.allowed, got.window_start, got.window_count, got.bucket, got.refilled_at) == (
            expected_allowed,
            *state,
        )


def test_authentication_sends_the_charge_before_its_statement_and_reads_it_after(
    backend, clock, pat_client, monkeypatch
):
    """The Redis round trip and the database statement overlap instead of adding up."""
    from tokens import authentication

    events = []
    real_send, real_fetch = throttling.rate_limit_send, authentication.token_get_for_authentication

    def send(**kwargs):
        events.append("send")
        pending = real_send(**kwargs)
        real_result = pending.result
        pending.result = lambda: events.append("read") or real_result()
        return pending

    def fetch(**kwargs):
        events.append("statement")
        return real_fetch(**kwargs)

    monkeypatch.setattr(throttling, "rate_limit_send", send)
    monkeypatch.setattr(authentication, "token_get_for_authentication", fetch)
    client, _ = pat_client()
    response = client.get(reverse("api:me-token"))
    assert response.status_code == HTTPStatus.OK
    assert events[:3] == ["send", "statement", "read"]
    assert "send" not in events[3:]  # counted once: the throttle and middleware reuse it
    assert _headers(response)[BUCKET_CALLS_LEFT] == 4999


def test_a_well_formed_unknown_token_spends_the_address_budget_not_a_tokens(
    backend, clock, limits, pat_client
):
    from tokens import codes

    limits(BUCKET_SIZE=3)
    client, _ = pat_client()
    url = reverse("api:me-token")
    forger = APIClient(REMOTE_ADDR="203.0.113.9")
    forger.credentials(HTTP_AUTHORIZATION=f"Bearer {codes.generate()}")  # valid shape
    for expected_left in (2, 1, 0, 0):
        refused = forger.get(url)
        assert refused.status_code == HTTPStatus.UNAUTHORIZED
        assert _headers(refused)[BUCKET_CALLS_LEFT] == expected_left  # the address's
    for expected_left in (2, 1, 0):
        assert _headers(client.get(url))[BUCKET_CALLS_LEFT] == expected_left


def test_a_database_error_during_authentication_leaves_the_rate_limit_usable(
    backend, clock, pat_client, monkeypatch
):
    """The reply sent before the statement is read even when the statement fails, so the
    connection goes back to the pool clean and the next request gets its own reply."""
    from django.db import OperationalError

    from tokens import authentication

    client, _ = pat_client()
    url = reverse("api:me-token")
    assert _headers(client.get(url))[BUCKET_CALLS_LEFT] == 4999

    def down(**kwargs):
        raise OperationalError("database down")

    with monkeypatch.context() as patch:
        patch.setattr(authentication, "token_get_for_authentication", down)
        # The outage is a 503 problem (tokens.errors), after the reply was read.
        assert client.get(url).status_code == HTTPStatus.SERVICE_UNAVAILABLE
    for expected_left in (4997, 4996):  # the failed request was counted too
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert _headers(response)[BUCKET_CALLS_LEFT] == expected_left


@pytest.mark.skipif(not REDIS_URL.startswith("redis"), reason="needs CACHE_URL=redis://…")
def test_redis_that_lost_the_script_gets_it_again(settings, clock, pat_client):
    settings.CACHES = {**settings.CACHES, "ratelimit": _cache_config("redis", "rl")}
    settings.PAT_RATE_LIMITS = {**settings.PAT_RATE_LIMITS, "CACHE": "ratelimit"}
    cache = caches["ratelimit"]
    cache.clear()
    client, _ = pat_client()
    url = reverse("api:me-token")
    assert _headers(client.get(url))[BUCKET_CALLS_LEFT] == 4999
    cache._cache.get_client(None, write=True).script_flush()  # as a restart would
    assert _headers(client.get(url))[BUCKET_CALLS_LEFT] == 4998
    assert _headers(client.get(url))[BUCKET_CALLS_LEFT] == 4997
    cache.clear()


@pytest.mark.skipif(not REDIS_URL.startswith("redis"), reason="needs CACHE_URL=redis://…")
def test_redis_keys_hold_neither_the_code_nor_the_digest(settings, clock, make_pat):
    settings.CACHES = {**settings.CACHES, "ratelimit": _cache_config("redis", "rl")}
    settings.PAT_RATE_LIMITS = {**settings.PAT_RATE_LIMITS, "CACHE": "ratelimit"}
    cache = caches["ratelimit"]
    cache.clear()
    token, code = make_pat()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    assert client.get(reverse("api:me-token")).status_code == HTTPStatus.OK
    redis = cache._cache.get_client(None, write=True)
    keys = [key.decode() for key in redis.keys("*")]
    assert any(throttling.token_ident(token.digest) in key for key in keys)
    assert not any(code in key or token.digest in key for key in keys)
    cache.clear()
