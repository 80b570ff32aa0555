"""Reputation for accepted answers: +15 to the answer's owner, +2 to the acceptor."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.http import Http404
from django.urls import reverse

from content import services
from content.services import REPUTATION_FOR_ACCEPTED, REPUTATION_FOR_ACCEPTING
from teams.models import Membership
from tests.content.test_concurrency import run_at_once
from tests.factories import AnswerFactory, MembershipFactory, QuestionFactory, TeamFactory

ACCEPTED, ACCEPTING = REPUTATION_FOR_ACCEPTED, REPUTATION_FOR_ACCEPTING


def rep(user, team) -> int:
    return Membership.objects.get(user=user, team=team).reputation


@pytest.fixture
def thread(db, team):
    """A question and two answers by two other members."""
    question = QuestionFactory(team=team)
    first = AnswerFactory(question=question, owner=MembershipFactory(team=team).user)
    second = AnswerFactory(question=question, owner=MembershipFactory(team=team).user)
    return question, first, second


def reps(question, *answers) -> list[int]:
    team = question.team
    return [rep(question.owner, team), *(rep(a.owner, team) for a in answers)]


def test_the_values_are_stacks():
    assert (ACCEPTED, ACCEPTING) == (15, 2)


@pytest.mark.parametrize("change", ["answer_accept", "answer_unaccept"])
def test_a_question_deleted_meanwhile_is_a_404_not_a_500(thread, change):
    """The view read the answer and its question; a concurrent DELETE removed them before
    the service locked the question row (found by `.ci/fuzz`)."""
    question, first, _ = thread
    services.question_delete(question=question, user=question.owner)
    with pytest.raises(Http404):
        getattr(services, change)(answer=first, user=question.owner)


def test_accept_gives_15_and_2_and_accepting_again_changes_nothing(thread):
    question, first, second = thread
    services.answer_accept(answer=first, user=question.owner)
    assert reps(question, first, second) == [1 + 2, 1 + 15, 1]
    services.answer_accept(answer=first, user=question.owner)
    assert reps(question, first, second) == [3, 16, 1]


def test_unaccept_takes_both_back(thread):
    question, first, second = thread
    services.answer_accept(answer=first, user=question.owner)
    services.answer_unaccept(answer=second, user=question.owner)  # not the accepted one: no-op
    assert reps(question, first, second) == [3, 16, 1]
    services.answer_unaccept(answer=first, user=question.owner)
    assert reps(question, first, second) == [1, 1, 1]
    services.answer_unaccept(answer=first, user=question.owner)
    assert reps(question, first, second) == [1, 1, 1]


def test_accepting_another_answer_moves_the_15_and_keeps_the_2_once(thread):
    question, first, second = thread
    services.answer_accept(answer=first, user=question.owner)
    services.answer_accept(answer=second, user=question.owner)
    assert reps(question, first, second) == [3, 1, 16]
    services.answer_accept(answer=first, user=question.owner)
    assert reps(question, first, second) == [3, 16, 1]


def test_accepting_ones_own_answer_gives_nothing(thread):
    question, first, _ = thread
    own = AnswerFactory(question=question, owner=question.owner)
    services.answer_accept(answer=own, user=question.owner)
    assert reps(question, first) == [1, 1]
    services.answer_accept(answer=first, user=question.owner)  # from own to someone's
    assert reps(question, first) == [3, 16]
    services.answer_accept(answer=own, user=question.owner)  # and back: the +2 goes too
    assert reps(question, first) == [1, 1]


def test_deleting_the_accepted_answer_takes_the_reputation_back(thread):
    question, first, second = thread
    services.answer_accept(answer=first, user=question.owner)
    services.answer_delete(answer=second, user=second.owner)  # not the accepted one
    assert reps(question, first) == [3, 16]
    services.answer_delete(answer=first, user=first.owner)
    assert reps(question, first) == [1, 1]
    question.refresh_from_db()
    assert question.accepted_answer_id is None


def test_deleting_the_question_takes_the_acceptance_back(thread, team):
    question, first, _ = thread
    owner = question.owner
    services.answer_accept(answer=first, user=owner)
    services.question_delete(question=question, user=owner)
    assert (rep(owner, team), rep(first.owner, team)) == (1, 1)


def test_reputation_never_falls_below_one(thread, team):
    question, first, _ = thread
    services.answer_accept(answer=first, user=question.owner)
    Membership.objects.filter(team=team).update(reputation=5)
    services.answer_unaccept(answer=first, user=question.owner)
    assert reps(question, first) == [3, 1]


def test_reputation_is_per_team(thread, team):
    question, first, _ = thread
    elsewhere = MembershipFactory(user=first.owner, team=TeamFactory())
    services.answer_accept(answer=first, user=question.owner)
    elsewhere.refresh_from_db()
    assert (rep(first.owner, team), elsewhere.reputation) == (16, 1)


@pytest.mark.parametrize("with_team", [True, False])
def test_accept_and_unaccept_through_the_api(pat_client, team, with_team):
    question = QuestionFactory(team=team)
    answer = AnswerFactory(question=question, owner=MembershipFactory(team=team).user)
    client, _ = pat_client(team=team, user=question.owner, can_write=True)
    kwargs = {"questionId": question.pk, "answerId": answer.pk}
    if with_team:
        kwargs["team"] = team.slug
    path = reverse("api:answer-accept", kwargs=kwargs)
    response = client.post(path)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["owner"]["reputation"] == 16
    assert reps(question, answer) == [3, 16]
    response = client.delete(path)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["owner"]["reputation"] == 1
    assert reps(question, answer) == [1, 1]


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_move_the_reputation_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers (CI runs this on PostgreSQL)")
    team = TeamFactory()
    question = QuestionFactory(team=team)
    answers = [
        AnswerFactory(question=question, owner=MembershipFactory(team=team).user) for _ in range(4)
    ]
    outcomes = run_at_once(
        [lambda a=a: services.answer_accept(answer=a, user=question.owner) for a in answers]
        + [lambda: services.answer_unaccept(answer=answers[0], user=question.owner)]
    )
    assert outcomes == [None] * 5
    question.refresh_from_db()
    owners = {a.pk: rep(a.owner, team) for a in answers}
    if question.accepted_answer_id is None:
        assert owners == dict.fromkeys(owners, 1)
        assert rep(question.owner, team) == 1
    else:
        expected = {pk: 16 if pk == question.accepted_answer_id else 1 for pk in owners}
        assert owners == expected
        assert rep(question.owner, team) == 3
