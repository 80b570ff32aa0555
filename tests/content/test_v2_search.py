"""API v2.3 `/search`, `/search/advanced` and `/similar`: criteria, required parameters,
sorts, the permission table and both forms of the team."""

from http import HTTPStatus

import pytest

from content.api_v2.questions import (
    NOTTAGGED_ALONE_MESSAGE,
    SEARCH_NEEDS_MESSAGE,
    TITLE_REQUIRED_MESSAGE,
)
from content.models import Question
from tests.factories import AnswerFactory, MembershipFactory, QuestionFactory, make_token

from .v2_support import CELLS, EXPECTED, bad_parameter, permission_cell, v2_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(team):
    return MembershipFactory(team=team).user


@pytest.fixture
def caller(team, me):
    _, code = make_token(user=me, team=team)
    return v2_client(code)


def ids_of(response) -> list[int]:
    assert response.status_code == HTTPStatus.OK, response.content
    return [item["question_id"] for item in response.json()["items"]]


PATHS = [
    "/api/2.3/search?intitle=x",
    "/api/2.3/search/advanced?q=x",
    "/api/2.3/similar?title=x",
]


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("path", PATHS)
def test_permission_table(team, path, cell):
    assert permission_cell(cell, team, path) == EXPECTED[cell]


@pytest.fixture
def corpus(team, me):
    flux = QuestionFactory(
        team=team,
        owner=me,
        title="Configure the flux capacitor",
        body_markdown="See https://docs.example.com/flux/setup for details",
        tags=["flux", "hardware"],
        view_count=50,
    )
    gauge = QuestionFactory(
        team=team, title="Calibrate the gauge", body_markdown="It drifts.", tags=["hardware"]
    )
    answered = AnswerFactory(question=gauge, body_markdown="Use the calibration wizard.")
    Question.objects.filter(pk=gauge.pk).update(accepted_answer=answered)
    other = QuestionFactory(
        team=team, title="Deploy the flux service", body_markdown="Kubernetes", tags=["deploy"]
    )
    QuestionFactory(title="Configure the flux capacitor")  # another team's
    return flux, gauge, other


def test_search_intitle_tagged_nottagged(caller, corpus):
    flux, gauge, other = corpus
    get = lambda **p: set(ids_of(caller.get("/api/2.3/search", p)))  # noqa: E731
    assert get(intitle="FLUX") == {flux.pk, other.pk}
    assert get(tagged="deploy;flux") == {flux.pk, other.pk}  # at least one: an OR
    assert get(tagged="hardware", nottagged="flux") == {gauge.pk}
    assert get(intitle="flux", tagged="hardware") == {flux.pk}
    message = bad_parameter(caller.get("/api/2.3/search", {"nottagged": "flux"}), "intitle")
    assert SEARCH_NEEDS_MESSAGE in message
    ordered = ids_of(caller.get("/api/2.3/search", {"intitle": "the", "sort": "creation"}))
    assert ordered == [other.pk, gauge.pk, flux.pk]
    bad_parameter(
        caller.get("/api/2.3/search", {"intitle": "x", "sort": "relevance", "min": 1}), "min"
    )


def test_search_advanced(caller, corpus, me):
    flux, gauge, other = corpus
    get = lambda **p: set(ids_of(caller.get("/api/2.3/search/advanced", p)))  # noqa: E731
    assert get(q="calibration wizard") == {gauge.pk}  # found by its answer
    assert get(accepted="true") == {gauge.pk}
    assert get(accepted="false") == {flux.pk, other.pk}
    assert get(answers=1) == {gauge.pk}
    assert get(body="drifts") == {gauge.pk}
    assert get(title="flux") == {flux.pk, other.pk}
    assert get(user=me.pk) == {flux.pk}
    assert get(views=10) == {flux.pk}
    assert get(url="docs.example.com/*/setup") == {flux.pk}
    assert get(tagged="deploy;flux", nottagged="hardware") == {other.pk}
    assert get(closed="false", wiki="false") == {flux.pk, gauge.pk, other.pk}
    for never in ("closed", "migrated", "notice", "wiki"):
        assert get(**{never: "true"}) == set()
    message = bad_parameter(caller.get("/api/2.3/search/advanced", {"nottagged": "x"}), "nottagged")
    assert message.endswith(NOTTAGGED_ALONE_MESSAGE)
    bad_parameter(caller.get("/api/2.3/search/advanced", {"accepted": "maybe"}), "accepted")
    bad_parameter(caller.get("/api/2.3/search/advanced", {"answers": "-1"}), "answers")
    assert ids_of(caller.get("/api/2.3/search/advanced", {"sort": "relevance", "q": "flux"}))


def test_similar(caller, corpus):
    flux, gauge, other = corpus
    found = ids_of(
        caller.get("/api/2.3/similar", {"title": "flux capacitor setup", "sort": "relevance"})
    )
    assert found[0] == flux.pk and gauge.pk not in found
    without = ids_of(
        caller.get("/api/2.3/similar", {"title": "flux capacitor", "nottagged": "hardware"})
    )
    assert flux.pk not in without and other.pk in without
    preferred = ids_of(caller.get("/api/2.3/similar", {"title": "gauge", "tagged": "hardware"}))
    assert gauge.pk in preferred
    message = bad_parameter(caller.get("/api/2.3/similar"), "title")
    assert TITLE_REQUIRED_MESSAGE in message


def test_both_forms_of_the_team(caller, team, corpus):
    for path, params in (
        ("/api/2.3/search", {"intitle": "flux"}),
        ("/api/2.3/search/advanced", {"title": "flux"}),
        ("/api/2.3/similar", {"title": "flux"}),
    ):
        without = ids_of(caller.get(path, params))
        assert without and without == ids_of(caller.get(path, {**params, "team": team.slug}))


def test_advanced_counts_take_only_ascii_digits(caller):
    # `٣` (Arabic-Indic three) is a digit to Python's int(); never to the API.
    response = caller.get("/api/2.3/search/advanced", {"answers": "٣"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error_message"].startswith("answers:")
