"""`/questions/{questionId}/linked` and `/related`: links kept from bodies, relevance,
shapes, both path forms, team scoping and query budgets."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services
from content.links import question_ids_in
from content.models import PostLink, Question
from teams.models import Membership
from tests.factories import AnswerFactory, MembershipFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db

PAGE_FIELDS = {"totalCount", "pageSize", "page", "totalPages", "sort", "order", "items"}
LIST_BUDGET = 6


def url(name, question, team=None):
    kwargs = {"questionId": question if isinstance(question, int) else question.pk}
    if team is not None:
        kwargs["team"] = team.slug
    return reverse(f"api:question-{name}", kwargs=kwargs)


@pytest.fixture
def reader(pat_client, team):
    client, token = pat_client(team=team, can_write=False)
    return client, token.user


def linked_ids(question) -> set[int]:
    return set(PostLink.objects.filter(source=question).values_list("target_id", flat=True))


# --- Finding links in bodies -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see /questions/5/", {5}),
        ("[page](/teams/business-team/questions/15/#answer-3)", {15}),
        ("http://127.0.0.1:8000/teams/acme/questions/17/", {17}),
        ("[x](/questions/6/some-slug#answer-7)", {6}),
        ("https://teamstack.example.com/questions/8", {8}),
        ("<https://other.host/c/team/questions/9/abc>", {9}),
        ("Stack's short form /q/10 and http://h/q/11?x=1", {10, 11}),
        ("[1]: /questions/16", {16}),
        ("no/questions/12 or api/v3/questions/13 or /questions/14abc or /questions/ask", set()),
        ("/api/v3/teams/acme/questions/18 and x/teams/acme/questions/19", set()),
        ("/questions/99999999999999999999", set()),
    ],
)
def test_question_urls_are_found_in_markdown(text, expected):
    assert question_ids_in(text) == expected


def test_links_are_kept_on_create_and_replaced_on_edit(team):
    target, other = QuestionFactory(team=team), QuestionFactory(team=team)
    foreign = QuestionFactory(team=TeamFactory())
    source = QuestionFactory(
        team=team,
        body_markdown=(
            f"Like [this](/questions/{target.pk}/slug) and https://x.example/questions/"
            f"{foreign.pk}/ and myself /questions/0/ /q/999999"
        ),
    )
    source.body_markdown = "see below"
    assert linked_ids(source) == {target.pk}  # not another team's, not unknown ids
    services.question_update(
        question=source,
        user=source.owner,
        title=source.title,
        body=f"now /q/{other.pk} and /questions/{source.pk}/ (itself)",
        tags=["widgets"],
    )
    assert linked_ids(source) == {other.pk}


def test_answers_links_count_for_their_question_until_deleted(team):
    question, target = QuestionFactory(team=team), QuestionFactory(team=team)
    answer = AnswerFactory(question=question, body_markdown=f"Duplicate of /questions/{target.pk}/")
    assert linked_ids(question) == {target.pk}
    services.answer_update(answer=answer, user=answer.owner, body="no link")
    assert linked_ids(question) == set()
    services.answer_update(answer=answer, user=answer.owner, body=f"/q/{target.pk}")
    assert linked_ids(question) == {target.pk}
    services.answer_delete(answer=answer, user=answer.owner)
    assert linked_ids(question) == set()


# --- Linked ------------------------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_linked_lists_questions_linking_both_ways(reader, team, with_team):
    client, _ = reader
    question = QuestionFactory(team=team)
    links_to = QuestionFactory(team=team, body_markdown=f"See /questions/{question.pk}/")
    linked_from = QuestionFactory(team=team)
    services.question_update(
        question=question,
        user=question.owner,
        title=question.title,
        body=f"More in https://ts.example.com/questions/{linked_from.pk}/slug",
        tags=["widgets"],
    )
    QuestionFactory(team=team)  # unrelated
    response = client.get(url("linked", question, team if with_team else None))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == PAGE_FIELDS
    assert (body["sort"], body["order"], body["totalCount"]) == ("hot", "desc", 2)
    assert {item["id"] for item in body["items"]} == {links_to.pk, linked_from.pk}
    assert {"id", "title", "tags", "owner", "webUrl", "isAnswered"} <= set(body["items"][0])


def test_linked_sorts_and_order(reader, team):
    client, _ = reader
    question = QuestionFactory(team=team)
    low = QuestionFactory(team=team, body_markdown=f"/q/{question.pk}", score=1)
    high = QuestionFactory(team=team, body_markdown=f"/q/{question.pk}", score=9)
    newest = QuestionFactory(team=team, body_markdown=f"/q/{question.pk}", score=5)

    def ids(**params):
        return [i["id"] for i in client.get(url("linked", question, team), params).json()["items"]]

    assert ids() == [high.pk, newest.pk, low.pk]
    assert ids(sort="score", order="asc") == [low.pk, newest.pk, high.pk]
    assert ids(sort="creation") == [newest.pk, high.pk, low.pk]
    assert ids(sort="activity", pageSize=1, page=2) == [high.pk]


def test_linked_bad_sort_is_a_400_naming_it(reader, team):
    client, _ = reader
    response = client.get(url("linked", QuestionFactory(team=team), team), {"sort": "votes"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "sort" in response.json()["errors"]


@pytest.mark.parametrize("name", ["linked", "related"])
def test_another_teams_or_unknown_question_is_404(reader, team, name):
    client, _ = reader
    foreign = QuestionFactory(team=TeamFactory())
    assert client.get(url(name, foreign, team)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(url(name, foreign)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(url(name, 2**63, team)).status_code == HTTPStatus.NOT_FOUND


# --- Related -----------------------------------------------------------------------------


def test_related_by_shared_tags_and_title_words_never_itself(reader, team):
    client, _ = reader
    question = QuestionFactory(
        team=team, title="Tune nginx reverse proxy timeouts", tags=["nginx", "proxy"]
    )
    two_tags = QuestionFactory(team=team, title="Something else", tags=["nginx", "proxy"])
    one_tag = QuestionFactory(team=team, title="Another thing", tags=["proxy"])
    words = QuestionFactory(team=team, title="Nginx timeouts again", tags=["misc"])
    QuestionFactory(team=team, title="Unrelated widget", tags=["misc"])
    QuestionFactory(team=TeamFactory(), title="Nginx proxy timeouts", tags=["nginx"])
    body = client.get(url("related", question)).json()
    ids = [item["id"] for item in body["items"]]
    assert set(ids) == {two_tags.pk, one_tag.pk, words.pk}
    assert question.pk not in ids
    assert body["sort"] == "hot" and body["totalCount"] == 3
    assert ids.index(two_tags.pk) < ids.index(one_tag.pk)
    by_creation = client.get(url("related", question, team), {"sort": "creation"}).json()
    assert [i["id"] for i in by_creation["items"]] == [words.pk, one_tag.pk, two_tags.pk]


def test_related_of_a_question_alone_is_empty(reader, team):
    client, _ = reader
    question = QuestionFactory(team=team, title="Zzz qqq", tags=["lonely"])
    body = client.get(url("related", question, team)).json()
    assert (body["totalCount"], body["items"], body["totalPages"]) == (0, [], 1)


# --- Query budgets -----------------------------------------------------------------------


@pytest.fixture
def crowded(pat_client, team):
    client, _ = pat_client(team=team, can_write=False)
    editor = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    question = QuestionFactory(team=team, title="Widget configuration", tags=["widgets", "a"])
    for i in range(101):
        QuestionFactory(
            team=team,
            title=f"Widget number {i}",
            tags=["widgets", f"t{i % 4}"],
            body_markdown=f"Like /questions/{question.pk}/",
        )
    Question.objects.filter(team=team).update(last_editor=editor)
    client.get(url("linked", question, team))  # the token's first request refreshes last_used_at
    return client, question


@pytest.mark.parametrize("name", ["linked", "related"])
@pytest.mark.parametrize("sort", ["hot", "score"])
def test_list_budgets_are_constant(crowded, team, name, sort):
    client, question = crowded
    counts = []
    for size in (1, 100):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url(name, question, team), {"pageSize": size, "sort": sort})
        body = response.json()
        assert response.status_code == HTTPStatus.OK
        assert len(body["items"]) == size and body["totalCount"] == 101
        assert body["items"][0]["owner"]["reputation"] >= 1
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= LIST_BUDGET, counts
