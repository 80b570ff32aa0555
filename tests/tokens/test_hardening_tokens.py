"""Issue 11, hardening items 2, 3, 4 and 9 on the token side.

2. A hung Redis: socket timeouts, and rate limits that fail open to the process.
3. The token admins accept only their own list filters' lookups.
4. The docs pages mint their Swagger UI token on a same-site POST only.
9. A Content-Security-Policy on every HTML page.
"""

import logging
import os
import re
import socket
import subprocess
import sys
import threading
from http import HTTPStatus
from pathlib import Path

import environ
import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse

from teams.plans import Plan
from tests.factories import MembershipFactory, TeamFactory
from tokens import codes, throttling
from tokens.docs import CROSS_SITE_DOCS_MESSAGE
from tokens.models import PersonalAccessToken, TokenEvent
from tokens.throttling import (
    BURST_CALLS_LEFT,
    CACHE_BACK_MESSAGE,
    CACHE_RETRY_SECONDS,
    PersonalAccessTokenRateThrottle,
    daily_quota_consume,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("CACHE_URL", "")
T0 = 1_800_000_000.0


# --- 2. A hung Redis ------------------------------------------------------------------------


class HungListener:
    """A TCP server that accepts connections and never answers: a hung Redis."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))  # a free port
        self.server.listen(16)
        self.server.settimeout(0.05)  # so that the accepting thread sees stop()
        self.stopped = threading.Event()
        self.port = self.server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.accepted.append(connection)  # held open, never read nor written

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=5)
        self.server.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def hung_redis():
    listener = HungListener()
    yield listener
    listener.stop()


@pytest.fixture
def outage_state(monkeypatch):
    """A clean per-process outage state, and a monotonic clock the test moves."""
    clock = {"now": 1000.0}
    monkeypatch.setattr(throttling, "_monotonic", lambda: clock["now"])
    monkeypatch.setattr(throttling, "_down_until", {})
    monkeypatch.setattr(throttling, "_last_warning", {})
    throttling._fallback_cache.clear()
    yield clock
    throttling._fallback_cache.clear()


@pytest.fixture
def fake_timer(monkeypatch):
    now = {"t": T0}
    monkeypatch.setattr(PersonalAccessTokenRateThrottle, "timer", lambda: now["t"])
    return now


def _redis_cache_config(location: str, settings) -> dict:
    """A Redis cache configured as config/settings.py configures CACHE_URL=redis://…"""
    timeout = settings.CACHE_SOCKET_TIMEOUT
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


def _use_rate_limit_cache(settings, config: dict) -> None:
    settings.CACHES = {**settings.CACHES, "ratelimit": config}
    settings.PAT_RATE_LIMITS = {**settings.PAT_RATE_LIMITS, "CACHE": "ratelimit"}


def _stored_in(alias: str, key: str) -> bool:
    cache = caches[alias]
    if isinstance(cache, RedisCache):
        return bool(cache._cache.get_client(key).exists(cache.make_key(key)))
    return cache.get(key) is not None


def _throttling_warnings(caplog) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "tokens.throttling" and r.levelno >= logging.WARNING
    ]


def test_redis_settings_carry_socket_timeouts():
    """CACHE_URL=redis://… gets connect and read timeouts of a few hundred milliseconds."""
    env = {k: v for k, v in os.environ.items() if k != "CACHE_SOCKET_TIMEOUT"}
    env.update(DEBUG="true", CACHE_URL="redis://127.0.0.1:6379/1")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CACHES['default']['OPTIONS'])",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    options = eval(result.stdout.strip().splitlines()[-1])  # a dict literal we printed
    assert 0 < options["socket_connect_timeout"] <= 0.5
    assert 0 < options["socket_timeout"] <= 0.5


def test_hung_redis_fails_open_to_the_process_with_one_warning(
    settings, hung_redis, outage_state, fake_timer, pat_client, caplog
):
    _use_rate_limit_cache(
        settings, _redis_cache_config(f"redis://127.0.0.1:{hung_redis.port}/1", settings)
    )
    client, token = pat_client(team=TeamFactory(plan=Plan.BUSINESS))
    url = reverse("api:me-token")
    key = f"{throttling.KEY_PREFIX}:{throttling.token_ident(token.digest)}"
    caplog.set_level(logging.INFO, logger="tokens.throttling")

    for expected_left in range(49, 29, -1):  # 20 requests
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK  # completed: the timeout gave up
        assert int(response[BURST_CALLS_LEFT]) == expected_left  # counted by the process
        fake_timer["t"] += 0.01
    assert hung_redis.accepted  # the client did reach the hung server
    state = throttling._fallback_cache.get(key)
    assert state is not None and state[1] == 20  # window_count in this process's limiter

    # Past the retry interval one request tries Redis again: still hung, still no new
    # warning within the minute, still counted by the process.
    outage_state["now"] += CACHE_RETRY_SECONDS + 1
    tried = len(hung_redis.accepted)
    assert int(client.get(url)[BURST_CALLS_LEFT]) == 29
    assert len(hung_redis.accepted) > tried  # it did try again (a new connection)

    warnings = _throttling_warnings(caplog)
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert warnings[0].exc_info is None  # one line, no traceback
    assert "ratelimit" in warnings[0].getMessage()
    assert token.digest not in caplog.text

    # A minute later, still down: one more warning.
    outage_state["now"] += 61
    client.get(url)
    assert len(_throttling_warnings(caplog)) == 2


def test_daily_quota_counts_in_the_process_while_redis_hangs(
    settings, hung_redis, outage_state, caplog
):
    _use_rate_limit_cache(
        settings, _redis_cache_config(f"redis://127.0.0.1:{hung_redis.port}/1", settings)
    )
    left = [daily_quota_consume(ident="user:7", quota=100, now=T0) for _ in range(5)]
    assert left == [99, 98, 97, 96, 95]
    assert len(_throttling_warnings(caplog)) == 1


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
def working_cache(request, settings):
    if request.param == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl-back"}
    return _redis_cache_config(environ.Env.cache_url_config(REDIS_URL)["LOCATION"], settings)


def test_shared_counting_resumes_when_the_cache_is_back(
    settings, hung_redis, outage_state, fake_timer, pat_client, working_cache, caplog
):
    hung = _redis_cache_config(f"redis://127.0.0.1:{hung_redis.port}/1", settings)
    _use_rate_limit_cache(settings, hung)
    client, token = pat_client(team=TeamFactory(plan=Plan.BUSINESS))
    url = reverse("api:me-token")
    key = f"{throttling.KEY_PREFIX}:{throttling.token_ident(token.digest)}"
    caplog.set_level(logging.INFO, logger="tokens.throttling")
    assert client.get(url).status_code == HTTPStatus.OK
    assert throttling._fallback_cache.get(key) is not None

    _use_rate_limit_cache(settings, working_cache)  # the cache is back
    caches["ratelimit"].delete(key)
    outage_state["now"] += CACHE_RETRY_SECONDS + 1
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert _stored_in("ratelimit", key)  # counted in the shared cache again
    assert any(r.getMessage() == CACHE_BACK_MESSAGE % "ratelimit" for r in caplog.records)
    caches["ratelimit"].delete(key)


# --- 3. Admin lookups -----------------------------------------------------------------------

TOKENS_ADMIN = "admin:tokens_personalaccesstoken_changelist"
EVENTS_ADMIN = "admin:tokens_tokenevent_changelist"
USERS_ADMIN = "admin:accounts_user_changelist"


@pytest.fixture
def two_tokens(make_pat):
    business = TeamFactory(plan=Plan.BUSINESS, slug="biz")
    first, _ = make_pat(team=business, can_write=True, description="Deploy bot")
    second, _ = make_pat(team=TeamFactory(plan=Plan.BASIC), description="Reporting")
    return first, second


@pytest.mark.parametrize(
    ("name", "query"),
    [
        (TOKENS_ADMIN, "digest__startswith=c0"),
        (TOKENS_ADMIN, "digest__regex=("),
        (TOKENS_ADMIN, "digest=0"),
        (TOKENS_ADMIN, "created_at__year=99999999999"),
        (TOKENS_ADMIN, "created_at__year=2026&created_at__month=99999999999"),
        (TOKENS_ADMIN, "created_at__gte=2020-01-01"),
        (TOKENS_ADMIN, "user__password__startswith=pbkdf2"),
        (TOKENS_ADMIN, "team__slug__startswith=b"),
        (TOKENS_ADMIN, "made_up=1"),
        (EVENTS_ADMIN, "ip__startswith=10."),
        (EVENTS_ADMIN, "ip__regex=("),
        (EVENTS_ADMIN, "created_at__year=99999999999"),
        (EVENTS_ADMIN, "token_id__gt=0"),
        (USERS_ADMIN, "password__startswith=pbkdf2"),
        (USERS_ADMIN, "password__regex=("),
    ],
)
def test_admin_refuses_lookups_that_are_not_its_list_filters(admin_client, two_tokens, name, query):
    response = admin_client.get(f"{reverse(name)}?{query}")
    assert response.status_code == HTTPStatus.BAD_REQUEST  # never a 500, never a filtered list


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Deploy bot", "Reporting"]),
        ("can_write__exact=1", ["Deploy bot"]),
        ("team__plan__exact=business", ["Deploy bot"]),
        ("expired=no", ["Deploy bot", "Reporting"]),
        ("expired=yes", []),
        ("q=deploy", ["Deploy bot"]),
        ("created_at__year=2000", []),
        ("o=-2", ["Deploy bot", "Reporting"]),
    ],
)
def test_token_admin_list_filters_still_work(admin_client, two_tokens, query, expected):
    response = admin_client.get(f"{reverse(TOKENS_ADMIN)}?{query}")
    assert response.status_code == HTTPStatus.OK
    assert sorted(t.description for t in response.context["cl"].result_list) == expected


def test_token_admin_team_filter_and_date_hierarchy_still_work(admin_client, two_tokens):
    first, _ = two_tokens
    url = reverse(TOKENS_ADMIN)
    by_team = admin_client.get(f"{url}?team__id__exact={first.team_id}")
    assert [t.pk for t in by_team.context["cl"].result_list] == [first.pk]
    created = first.created_at
    by_day = admin_client.get(
        f"{url}?created_at__year={created.year}&created_at__month={created.month}"
        f"&created_at__day={created.day}"
    )
    assert by_day.status_code == HTTPStatus.OK
    assert len(by_day.context["cl"].result_list) == 2
    bad_day = admin_client.get(
        f"{url}?created_at__year=2026&created_at__month=2&created_at__day=31"
    )
    assert bad_day.status_code == HTTPStatus.FOUND  # Django's own "?e=1" for a wrong date
    assert "e=1" in bad_day["Location"]


def test_event_and_user_admin_list_filters_still_work(admin_client, two_tokens):
    first, _ = two_tokens
    events = admin_client.get(
        f"{reverse(EVENTS_ADMIN)}?action__exact=created&team__id__exact={first.team_id}"
    )
    assert events.status_code == HTTPStatus.OK
    assert [e.token_id for e in events.context["cl"].result_list] == [first.pk]
    staff = admin_client.get(f"{reverse(USERS_ADMIN)}?is_staff__exact=1")
    assert staff.status_code == HTTPStatus.OK
    assert all(u.is_staff for u in staff.context["cl"].result_list)


# --- 4. Minting the Swagger UI token is a same-site POST -------------------------------------

DOCS_PAGES = ["api-docs", "api2-docs"]


def _docs_code(response) -> list[str]:
    """Every token code on the page (there must be exactly one after a mint)."""
    return re.findall(r"tspat_[A-Za-z0-9_]+", response.content.decode())


@pytest.fixture
def docs_member(db):
    team = TeamFactory(plan=Plan.BUSINESS, slug="platform")
    return MembershipFactory(team=team).user


@pytest.mark.parametrize("page", DOCS_PAGES)
def test_a_get_never_mints_even_with_a_team(client, docs_member, page):
    client.force_login(docs_member)
    response = client.get(reverse(page), {"team": "platform"})
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert 'method="post"' in body and "csrfmiddlewaretoken" in body
    assert "Authorize Swagger UI" in body
    assert _docs_code(response) == []
    assert not PersonalAccessToken.objects.exists()
    assert not TokenEvent.objects.exists()


@pytest.mark.parametrize("page", DOCS_PAGES)
def test_a_same_site_post_mints_and_shows_the_code_once_no_store(docs_member, page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(docs_member)
    form = client.get(reverse(page))
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())[1]
    response = client.post(
        reverse(page),
        {"team": "platform", "csrfmiddlewaretoken": csrf},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    found = _docs_code(response)
    assert len(found) == 1  # exactly once, in this response
    token = PersonalAccessToken.objects.get(user=docs_member)
    assert token.digest == codes.digest(found[0])
    assert token.source == PersonalAccessToken.Source.SWAGGER
    assert "js/swagger-preauthorize.js" in response.content.decode()
    again = client.get(reverse(page))  # what a reload is after the page's replaceState
    assert _docs_code(again) == []
    assert PersonalAccessToken.objects.filter(user=docs_member).count() == 1


@pytest.mark.parametrize("page", DOCS_PAGES)
@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site"])
def test_a_cross_site_post_is_refused(client, docs_member, page, fetch_site):
    client.force_login(docs_member)  # the test client skips CSRF: Sec-Fetch-Site alone
    response = client.post(reverse(page), {"team": "platform"}, HTTP_SEC_FETCH_SITE=fetch_site)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert CROSS_SITE_DOCS_MESSAGE in response.content.decode()
    assert not PersonalAccessToken.objects.exists()
    assert not TokenEvent.objects.exists()


@pytest.mark.parametrize("page", DOCS_PAGES)
def test_a_post_without_the_csrf_token_is_refused(docs_member, page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(docs_member)
    response = client.post(reverse(page), {"team": "platform"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "CSRF" in response.content.decode()
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.parametrize("page", DOCS_PAGES)
def test_an_anonymous_post_mints_nothing(client, docs_member, page):
    response = client.post(reverse(page), {"team": "platform"})
    # v3 answers 403 (a session, no Bearer challenge); the v2.3 error wrapper says 401.
    assert response.status_code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN)
    assert not PersonalAccessToken.objects.exists()


# --- 9. Content-Security-Policy ------------------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    ("name", "signed_in"),
    [
        ("login", False),
        ("home", True),
        ("pat-list", True),
        ("api-docs", False),
        ("api-docs", True),
        ("api2-docs", True),
        ("admin:index", True),
    ],
)
def test_html_pages_carry_a_strict_content_security_policy(client, docs_member, name, signed_in):
    if signed_in:
        docs_member.is_staff = docs_member.is_superuser = True
        docs_member.save()
        client.force_login(docs_member)
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/html")
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)
    # And nothing on the page needs more: no inline script (json_script data is not run).
    for script in re.findall(r"<script\b([^>]*)>(.*?)</script>", response.content.decode(), re.S):
        attributes, body = script
        assert 'src="' in attributes or 'type="application/json"' in attributes, script
        assert 'src="' not in attributes or not body.strip()


def test_the_docs_page_after_minting_runs_no_inline_script(client, docs_member):
    client.force_login(docs_member)
    response = client.post(reverse("api-docs"), {"team": "platform"})
    assert _policy(response)["script-src"] == ["'self'"]
    scripts = re.findall(r"<script\b([^>]*)>", response.content.decode())
    assert [s for s in scripts if 'src="' not in s and "application/json" not in s] == []
    assert any("js/swagger-init.js" in s for s in scripts)
    assert any("js/swagger-preauthorize.js" in s for s in scripts)


def test_api_responses_carry_the_policy_too(pat_client):
    client, _ = pat_client()
    response = client.get(reverse("api:me-token"))
    assert _policy(response)["default-src"] == ["'self'"]
