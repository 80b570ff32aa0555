"""What real client programs send, and what broke when they were run against us: partial
dates, the repeatable `questionId` filter, booleans in any letter case, and JSON 404s for
paths that are not operations."""

from datetime import UTC, datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from content.api_v3.serializers.common import BOOLEAN_MESSAGE, DATE_MESSAGE
from content.models import Question
from tests.factories import QuestionFactory
from tokens.errors import NO_ROUTE_MESSAGE, PROBLEM_CONTENT_TYPE

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_and_team(pat_client, team):
    client, _ = pat_client(team=team)
    return client, team


def _dated(team, *stamps):
    questions = []
    for stamp in stamps:
        question = QuestionFactory(team=team)
        Question.objects.filter(pk=question.pk).update(created_at=stamp)
        questions.append(question)
    return questions


def _ids(client, team, params) -> set[int]:
    response = client.get(reverse("api:questions", kwargs={"team": team.slug}), params)
    assert response.status_code == HTTPStatus.OK, response.json()
    return {item["id"] for item in response.json()["items"]}


def test_partial_dates_cover_the_whole_year_month_or_day(client_and_team):
    client, team = client_and_team
    dec_2025, mar_1, mar_31_late, apr_1 = _dated(
        team,
        datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2026, 3, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 31, 23, 59, 59, 999000, tzinfo=UTC),
        datetime(2026, 4, 1, 0, 0, tzinfo=UTC),
    )
    assert _ids(client, team, {"from": "2026-03", "to": "2026-03"}) == {mar_1.pk, mar_31_late.pk}
    assert _ids(client, team, {"to": "2025"}) == {dec_2025.pk}
    assert _ids(client, team, {"from": "2026"}) == {mar_1.pk, mar_31_late.pk, apr_1.pk}
    assert _ids(client, team, {"from": "2026-03-31", "to": "2026-03-31"}) == {mar_31_late.pk}
    assert _ids(client, team, {"to": "2026-02-28"}) == {dec_2025.pk}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01T00:00:00Z", {"mar_1", "apr_1"}),
        ("2026-03-01T00:00:00", {"mar_1", "apr_1"}),  # no zone: UTC
        ("2026-03-01T02:00:00+02:00", {"mar_1", "apr_1"}),  # the same instant
        ("2026-03-01 02:00:00 02:00", {"mar_1", "apr_1"}),  # `+` decoded as a space
        ("2026-03-01T00:00:01Z", {"apr_1"}),
    ],
)
def test_full_date_times_with_or_without_a_zone(client_and_team, value, expected):
    client, team = client_and_team
    mar_1, apr_1 = _dated(team, datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    names = {"mar_1": mar_1.pk, "apr_1": apr_1.pk}
    assert _ids(client, team, {"from": value}) == {names[n] for n in expected}


@pytest.mark.parametrize("value", ["yesterday", "2026-13", "2026-02-30", "26-03-01", "0000"])
def test_a_malformed_date_is_a_400_naming_the_parameter(client_and_team, value):
    client, team = client_and_team
    response = client.get(reverse("api:questions", kwargs={"team": team.slug}), {"to": value})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["errors"] == {"to": [DATE_MESSAGE]}


def test_question_id_filter_returns_exactly_those_questions(client_and_team):
    client, team = client_and_team
    wanted = [QuestionFactory(team=team), QuestionFactory(team=team)]
    QuestionFactory(team=team)
    url = reverse("api:questions", kwargs={"team": team.slug})
    response = client.get(f"{url}?questionId={wanted[0].pk}&questionId={wanted[1].pk}")
    body = response.json()
    assert {item["id"] for item in body["items"]} == {q.pk for q in wanted}
    assert body["totalCount"] == 2


def test_question_id_filter_never_reaches_another_teams_question(client_and_team):
    client, team = client_and_team
    other = QuestionFactory()  # another team
    assert _ids(client, team, {"questionId": other.pk}) == set()


@pytest.mark.parametrize(("value", "answered"), [("True", True), ("FALSE", False), ("true", True)])
def test_booleans_in_any_letter_case(client_and_team, value, answered):
    client, team = client_and_team
    yes, no = QuestionFactory(team=team), QuestionFactory(team=team)
    Question.objects.filter(pk=yes.pk).update(is_answered=True)
    assert _ids(client, team, {"isAnswered": value}) == {yes.pk if answered else no.pk}


@pytest.mark.parametrize("value", ["1", "yes", "on", "", "maybe"])
def test_anything_but_true_or_false_is_a_400(client_and_team, value):
    client, team = client_and_team
    url = reverse("api:questions", kwargs={"team": team.slug})
    response = client.get(url, {"hasAcceptedAnswer": value})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"] == {"hasAcceptedAnswer": [BOOLEAN_MESSAGE]}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v3/questions/abc",
        "/api/v3/teams/{team}/questions/abc",
        "/api/v3/teams/{team}/questions/1/answers/x",
        "/api/v3/no-such-thing",
        "/api/v2.2/questions",
        "/api/",
    ],
)
def test_paths_that_are_no_operation_are_json_404s(client_and_team, path):
    client, team = client_and_team
    response = client.get(path.format(team=team.slug))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["detail"] == NO_ROUTE_MESSAGE


def test_the_json_404_does_not_need_a_token(api_client):
    response = api_client.post("/api/v3/questions/abc")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
