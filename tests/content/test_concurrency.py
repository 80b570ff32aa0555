"""Counters and reputation under concurrent writes (PostgreSQL: SQLite serialises writers)."""

import threading

import pytest
from django.db import connection, connections

from content import services
from content.models import Question, Tag, TeamContentStats, Vote
from teams.models import Membership
from tests.factories import MembershipFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(functions) -> list:
    """Run the functions in threads released together; return what each raised (or None)."""
    barrier = threading.Barrier(len(functions))
    outcomes = []

    def run(function):
        try:
            barrier.wait(timeout=10)
            function()
            outcomes.append(None)
        except Exception as exc:
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers (CI runs this on PostgreSQL)")


def test_concurrent_upvotes_are_all_counted():
    question = QuestionFactory(team=TeamFactory())
    voters = [MembershipFactory(team=question.team).user for _ in range(6)]
    outcomes = run_at_once(
        [lambda v=v: services.vote_cast(user=v, question=question, value=Vote.UP) for v in voters]
    )
    assert outcomes == [None] * 6
    question.refresh_from_db()
    assert question.score == 6
    owner = Membership.objects.get(team=question.team, user=question.owner)
    assert owner.reputation == 1 + 6 * 5


def test_the_same_vote_cast_twice_at_once_counts_once():
    question = QuestionFactory(team=TeamFactory())
    voter = MembershipFactory(team=question.team).user
    outcomes = run_at_once(
        [lambda: services.vote_cast(user=voter, question=question, value=Vote.UP)] * 2
    )
    assert outcomes == [None, None]
    question.refresh_from_db()
    assert (question.score, Vote.objects.count()) == (1, 1)
    assert Membership.objects.get(team=question.team, user=question.owner).reputation == 6


def test_concurrent_questions_keep_the_team_counter_exact():
    team = TeamFactory()
    authors = [MembershipFactory(team=team).user for _ in range(6)]
    outcomes = run_at_once(
        [
            lambda a=a: services.question_create(
                team=team, user=a, title=f"Question by {a.username}", body="b", tags=["race"]
            )
            for a in authors
        ]
    )
    assert outcomes == [None] * 6
    assert Question.objects.filter(team=team).count() == 6
    assert TeamContentStats.objects.get(team=team).question_count == 6
    assert Tag.objects.get(team=team, name="race").post_count == 6  # one tag, made once
