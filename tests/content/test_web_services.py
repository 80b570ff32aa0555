"""The services the web pages added: one submission per form key, views counted once per
person per window, question watches."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from content import services
from content.models import Question, QuestionWatch
from content.services import submissions
from tests.factories import ArticleFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_first_submission_runs_and_a_second_gets_its_result(user):
    key = services.submission_key_new()
    with services.submission_once(user=user, key=key, scope="s", content="c") as claim:
        claim.done("/made/1")
    with (
        pytest.raises(services.DuplicateSubmission) as duplicate,
        services.submission_once(user=user, key=key, scope="s", content="c"),
    ):
        pytest.fail("a duplicate must not run")
    assert duplicate.value.result == "/made/1"


def test_a_failed_submission_lets_the_key_go(user):
    key = services.submission_key_new()
    with pytest.raises(ValidationError), services.submission_once(user=user, key=key, scope="s"):
        raise ValidationError("no")
    ran = False
    with services.submission_once(user=user, key=key, scope="s") as claim:
        ran = True
        claim.done(1)
    assert ran


def test_keys_are_per_user_scope_and_content(user):
    key = services.submission_key_new()
    for who, scope, content in [
        (user, "a", "x"),
        (UserFactory(), "a", "x"),
        (user, "b", "x"),
        (user, "a", "y"),
    ]:
        with services.submission_once(user=who, key=key, scope=scope, content=content) as claim:
            claim.done(1)


def test_a_duplicate_of_a_submission_still_running_waits_then_gives_up(user, monkeypatch):
    monkeypatch.setattr(submissions, "WAIT_SECONDS", 0.1)
    key = services.submission_key_new()
    with services.submission_once(user=user, key=key, scope="s"):
        # The first request is still writing (no result yet): the second waits, then
        # reports a duplicate without a result rather than writing again.
        with (
            pytest.raises(services.DuplicateSubmission) as duplicate,
            services.submission_once(user=user, key=key, scope="s"),
        ):
            pytest.fail("a duplicate must not run")
        assert duplicate.value.result is None


@pytest.mark.parametrize(
    ("key", "valid"), [("", False), ("<script>", False), ("a" * 16, True), ("a" * 65, False)]
)
def test_key_shape(key, valid):
    assert services.submission_key_valid(key) is valid
    assert services.submission_key_valid(services.submission_key_new())


def test_a_view_is_counted_once_per_person_per_window(user):
    question = QuestionFactory()
    article = ArticleFactory(team=question.team)
    assert services.view_record(user=user, question=question) is True
    assert services.view_record(user=user, question=question) is False
    assert services.view_record(user=UserFactory(), question=question) is True
    assert services.view_record(user=user, article=article) is True
    assert Question.objects.get(pk=question.pk).view_count == 2
    cache.clear()  # the window is over (or the cache was lost): counted again
    assert services.view_record(user=user, question=question) is True
    with pytest.raises(TypeError):
        services.view_record(user=user)


def test_watching_is_idempotent(user):
    question = QuestionFactory()
    services.question_watch(user=user, question=question)
    services.question_watch(user=user, question=question)
    assert QuestionWatch.objects.filter(user=user, question=question).count() == 1
    services.question_unwatch(user=user, question=question)
    services.question_unwatch(user=user, question=question)
    assert not QuestionWatch.objects.exists()
