"""Usage history (issue 13 item 8): counted in the rate limiter's round trip (or this
process's memory), endpoints buffered to the next round trip, rolled up idempotently into
the database, shown as an SVG chart and a table. No database write per request."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import TeamFactory, UserFactory
from tokens import usage
from tokens.models import TokenEndpointUse, TokenUsageDay
from tokens.services import token_regenerate, token_usage_roll_up

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_buffer():
    usage._buffer.clear()
    yield
    usage._buffer.clear()


def _client(code):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    return client


def _calls(client, team, count):
    for _ in range(count):
        assert client.get(reverse("api:me-token")).status_code == HTTPStatus.OK
    missing = reverse("api:question-detail", kwargs={"team": team.slug, "questionId": 999999})
    assert client.get(missing).status_code == HTTPStatus.NOT_FOUND
    # One more: on Redis it carries the entries the earlier requests left in the buffer.
    assert client.get(reverse("api:me-token")).status_code == HTTPStatus.OK


def test_requests_are_counted_and_rolled_up_once(make_pat):
    token, code = make_pat()
    _calls(_client(code), token.team, 3)
    assert token_usage_roll_up() >= 1
    assert token_usage_roll_up() >= 1  # again: the same rows, not twice the counts
    row = TokenUsageDay.objects.get(token=token)
    assert row.day == timezone.now().date()
    assert row.requests == 5
    endpoints = {(use.endpoint, use.status_class) for use in TokenEndpointUse.objects.all()}
    assert ("GET /api/v3/me/token", "2xx") in endpoints
    assert (
        "GET /api/v3/teams/<slug:team>/questions/<int:questionId>",
        "4xx",
    ) in endpoints


def test_no_database_write_per_request(make_pat):
    _, code = make_pat()
    client = _client(code)
    client.get(reverse("api:me-token"))  # the once-a-minute last-used write happens here
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(reverse("api:me-token")).status_code == HTTPStatus.OK
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert statements and set(statements) <= {"SELECT", "EXECUTE"}, statements


def test_the_roll_up_never_lowers_a_stored_count(make_pat):
    token, code = make_pat()
    TokenUsageDay.objects.create(token=token, day=timezone.now().date(), requests=100)
    _calls(_client(code), token.team, 1)
    token_usage_roll_up()
    assert TokenUsageDay.objects.get(token=token).requests == 100


def test_a_regenerated_token_keeps_its_days_counts_while_its_old_code_works(make_pat):
    token, code = make_pat()
    _calls(_client(code), token.team, 1)  # 3 requests
    token, _ = token_regenerate(token=token, overlap="1h")
    assert _client(code).get(reverse("api:me-token")).status_code == HTTPStatus.OK
    token_usage_roll_up()
    assert TokenUsageDay.objects.get(token=token).requests == 4


def test_old_days_are_dropped(make_pat):
    token, _ = make_pat()
    today = timezone.now().date()
    TokenUsageDay.objects.create(token=token, day=today - timedelta(days=90), requests=1)
    TokenUsageDay.objects.create(token=token, day=today - timedelta(days=89), requests=2)
    token_usage_roll_up()
    assert list(TokenUsageDay.objects.values_list("requests", flat=True)) == [2]


def test_only_tokens_count_usage(settings):
    """Session users' and addresses' budgets carry no usage count of their own."""
    assert usage.redis_writes(_FakeRedis(), ident="ip:192.0.2.1") is None
    assert usage.redis_writes(_FakeRedis(), ident="user:5") is None
    writes = usage.redis_writes(_FakeRedis(), ident="token:abc")
    assert writes.keys == [f":1:pat-usage:{usage.today().isoformat()}".encode()]
    assert writes.args[0] == b"token:abc"


def test_buffered_endpoints_ride_on_the_next_command_bounded():
    for n in range(usage.FLUSH_MAX + 5):
        usage._buffer.append(("token:x", f"GET /r{n} 2xx", n))
    writes = usage.redis_writes(_FakeRedis(), ident="ip:1")
    assert len(writes.keys) == 1 + usage.FLUSH_MAX
    assert writes.args[4:6] == [b"GET /r0 2xx", b"0"]
    assert len(usage._buffer) == 5  # the rest waits for the next request


class _FakeRedis:
    def make_key(self, key):
        return f":1:{key}"


def test_the_usage_page_shows_a_chart_and_the_endpoints(client, make_pat):
    token, code = make_pat()
    _calls(_client(code), token.team, 2)
    token_usage_roll_up()
    client.force_login(token.user)
    response = client.get(reverse("pat-usage", kwargs={"token_id": token.pk}))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<svg" in page and page.count("<rect") == 1  # one day with requests
    assert f"{timezone.now():%b} {timezone.now().day}: 4" in page
    assert "GET /api/v3/me/token" in page and "4xx" in page
    assert "(4 in all)" in page
    assert len(response.context["usage"]["days"]) == usage.HISTORY_DAYS
    listing = client.get(reverse("pat-list")).content.decode()
    assert reverse("pat-usage", kwargs={"token_id": token.pk}) in listing


def test_the_usage_page_is_for_the_owner_only(client, make_pat):
    token, _ = make_pat()
    client.force_login(UserFactory())
    assert client.get(reverse("pat-usage", kwargs={"token_id": token.pk})).status_code == 404


def test_the_chart_scales_bars_to_the_busiest_day():
    today = timezone.now().date()
    days = usage.history_days(end=today, rows={today: 10, today - timedelta(days=1): 5})
    chart = usage.usage_chart(days)
    heights = [bar["height"] for bar in chart["bars"]]
    assert heights[-1] == usage.CHART_HEIGHT - 12 and heights[-2] == heights[-1] // 2
    assert heights.count(0) == usage.HISTORY_DAYS - 2


def test_other_teams_tokens_count_separately(make_pat):
    first, first_code = make_pat()
    second, second_code = make_pat(team=TeamFactory())
    _calls(_client(first_code), first.team, 1)
    _calls(_client(second_code), second.team, 2)
    token_usage_roll_up()
    assert TokenUsageDay.objects.get(token=first).requests == 3
    assert TokenUsageDay.objects.get(token=second).requests == 4
