"""Reputation history: written by `reputation_add` for every change, with Stack's
`reputation_history_type`; read by `/users/{ids}/reputation-history` and
`/me/reputation-history`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from content.api_v2 import filters as v2filters
from content.api_v2.users import ReputationHistoryShape
from content.models import ReputationChange
from content.services import (
    answer_accept,
    answer_delete,
    answer_unaccept,
    article_upvote,
    article_upvote_withdraw,
    vote_cast,
    vote_withdraw,
)
from teams.models import Membership
from teams.plans import Plan
from tests.content.test_v2_foundation import error, v2_client
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    make_token,
)

pytestmark = pytest.mark.django_db


def history(user) -> list[tuple]:
    rows = ReputationChange.objects.filter(user=user).order_by("id")
    return [(r.reason, r.change, r.post_id) for r in rows]


@pytest.fixture
def thread(team):
    asker = MembershipFactory(team=team).user
    answerer = MembershipFactory(team=team).user
    voter = MembershipFactory(team=team).user
    question = QuestionFactory(team=team, owner=asker)
    answer = AnswerFactory(question=question, owner=answerer)
    return question, answer, asker, answerer, voter


def test_the_shape_renders_only_registered_fields():
    assert set(ReputationHistoryShape.fields) <= set(v2filters.FIELDS["reputation_history"])


def test_votes_are_recorded_with_stacks_types(thread):
    question, answer, asker, answerer, voter = thread
    vote_cast(user=voter, value=1, question=question)
    vote_cast(user=voter, value=-1, question=question)  # switches: undo +5, then -2
    vote_withdraw(user=voter, value=-1, question=question)
    vote_cast(user=voter, value=1, answer=answer)
    assert history(asker) == [
        ("post_upvoted", 5, question.pk),
        ("post_unupvoted", -5, question.pk),
        ("post_downvoted", -2, question.pk),
        ("post_undownvoted", 2, question.pk),
    ]
    assert history(answerer) == [("post_upvoted", 10, answer.pk)]
    assert history(voter) == []


def test_acceptance_is_recorded_for_both_owners(thread, team):
    _question, answer, asker, answerer, _ = thread
    answer_accept(answer=answer, user=asker)
    answer_unaccept(answer=answer, user=asker)
    assert history(answerer) == [
        ("answer_accepted", 15, answer.pk),
        ("answer_unaccepted", -15, answer.pk),
    ]
    assert history(asker) == [
        ("asker_accepts_answer", 2, answer.pk),
        ("asker_unaccept_answer", -2, answer.pk),
    ]


def test_deleting_a_post_records_post_deleted(thread):
    _question, answer, _asker, answerer, voter = thread
    vote_cast(user=voter, value=1, answer=answer)
    answer_id = answer.pk
    answer_delete(answer=answer, user=answerer)
    assert history(answerer)[-1] == ("post_deleted", -10, answer_id)


def test_article_upvotes_are_recorded(team):
    author = MembershipFactory(team=team).user
    voter = MembershipFactory(team=team).user
    article = ArticleFactory(team=team, owner=author)
    article_upvote(article=article, user=voter)
    article_upvote_withdraw(article=article, user=voter)
    assert history(author) == [
        ("post_upvoted", 10, article.pk),
        ("post_unupvoted", -10, article.pk),
    ]


def test_the_history_keeps_the_nominal_change_at_the_floor(thread, team):
    question, _, asker, _, voter = thread
    Membership.objects.filter(user=asker, team=team).update(reputation=1)
    vote_cast(user=voter, value=-1, question=question)
    assert Membership.objects.get(user=asker, team=team).reputation == 1
    assert history(asker) == [("post_downvoted", -2, question.pk)]


def test_read_through_the_api_newest_first(thread, team):
    question, answer, asker, answerer, voter = thread
    vote_cast(user=voter, value=1, question=question)
    vote_cast(user=voter, value=1, answer=answer)
    _, code = make_token(user=voter, team=team)
    client = v2_client(code)
    body = client.get(f"/api/2.3/users/{asker.pk};{answerer.pk}/reputation-history").json()
    items = body["items"]
    assert [i["reputation_history_type"] for i in items] == ["post_upvoted", "post_upvoted"]
    assert items[0] == {
        "creation_date": items[0]["creation_date"],
        "post_id": answer.pk,
        "reputation_change": 10,
        "reputation_history_type": "post_upvoted",
        "user_id": answerer.pk,
    }
    assert isinstance(items[0]["creation_date"], int)
    assert client.get("/api/2.3/me/reputation-history").json()["items"] == []
    _, asker_code = make_token(user=asker, team=team)
    mine = v2_client(asker_code).get("/api/2.3/me/reputation-history").json()["items"]
    assert [i["post_id"] for i in mine] == [question.pk]


def test_only_the_teams_own_history(thread, team):
    question, _, asker, _, voter = thread
    vote_cast(user=voter, value=1, question=question)
    other = TeamFactory()
    elsewhere = QuestionFactory(team=other, owner=asker)
    vote_cast(user=MembershipFactory(team=other).user, value=1, question=elsewhere)
    _, code = make_token(user=voter, team=team)
    items = v2_client(code).get(f"/api/2.3/users/{asker.pk}/reputation-history").json()["items"]
    assert [i["post_id"] for i in items] == [question.pk]


def test_paging_dates_and_budget(thread, team):
    question, _, asker, _, _ = thread
    for _ in range(5):
        vote_cast(user=MembershipFactory(team=team).user, value=1, question=question)
    _, code = make_token(user=asker, team=team)
    client = v2_client(code)
    body = client.get("/api/2.3/me/reputation-history", {"pagesize": 2}).json()
    assert len(body["items"]) == 2 and body["has_more"] is True
    assert client.get("/api/2.3/me/reputation-history", {"todate": "0"}).json()["items"] == []
    error(client.get("/api/2.3/me/reputation-history", {"fromdate": "x"}), 400, "bad_parameter")
    counts = []
    for size in (1, 5):
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/2.3/me/reputation-history", {"pagesize": size})
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts


@pytest.mark.parametrize(
    "path", ["/api/2.3/users/{me}/reputation-history", "/api/2.3/me/reputation-history"]
)
@pytest.mark.parametrize(
    ("case", "status"),
    [("own", 200), ("own_with_team", 200), ("anonymous", 401), ("other_team", 403), ("free", 403)],
)
def test_permission_table(team, path, case, status):
    user = MembershipFactory(team=team).user
    other = TeamFactory()
    MembershipFactory(team=other, user=user)
    _, code = make_token(user=user, team=team)
    client, params = v2_client(code), {}
    if case == "own_with_team":
        params["team"] = team.slug
    elif case == "anonymous":
        client = APIClient()
    elif case == "other_team":
        params["team"] = other.slug
    elif case == "free":
        team.plan = Plan.FREE
        team.save()
    response = client.get(path.format(me=user.pk), params)
    assert response.status_code == status
    if status == 200:
        assert response.json()["items"] == []
