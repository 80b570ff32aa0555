"""Content services: counters, reputation and the content rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from content import services
from content.models import Answer, Question, Tag, TeamContentStats, Vote
from content.services import (
    ACCEPT_NOT_ALLOWED_MESSAGE,
    EDIT_NOT_ALLOWED_MESSAGE,
    SELF_VOTE_MESSAGE,
    TAGS_REQUIRED_MESSAGE,
)
from teams.models import Membership
from tests.factories import (
    AnswerFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def reputation(user, team) -> int:
    return Membership.objects.get(user=user, team=team).reputation


@pytest.fixture
def voter(team):
    return MembershipFactory(team=team).user


@pytest.fixture
def question(team):
    return QuestionFactory(team=team)


def test_question_create_renders_body_and_counts(team, member):
    question = services.question_create(
        team=team, user=member, title="Why?", body="**bold**", tags=["Python", "python", "sql"]
    )
    assert question.body_html == "<p><strong>bold</strong></p>\n"
    assert sorted(question.tags.values_list("name", flat=True)) == ["python", "sql"]
    assert Tag.objects.get(team=team, name="python").post_count == 1
    assert TeamContentStats.objects.get(team=team).question_count == 1
    services.question_create(team=team, user=member, title="Again", body="b", tags=["sql"])
    assert TeamContentStats.objects.get(team=team).question_count == 2
    assert Tag.objects.get(team=team, name="sql").post_count == 2


@pytest.mark.parametrize("tags", [[], [" "], ["a", "b", "c", "d", "e", "f"]])
def test_question_needs_one_to_five_tags(team, member, tags):
    with pytest.raises(ValidationError) as excinfo:
        services.question_create(team=team, user=member, title="t", body="b", tags=tags)
    assert excinfo.value.message_dict == {"tags": [TAGS_REQUIRED_MESSAGE]}


def test_question_update_moves_tag_counts_and_records_editor(question):
    owner = question.owner
    services.question_update(
        question=question, user=owner, title="New title", body="new *body*", tags=["other"]
    )
    question.refresh_from_db()
    assert question.title == "New title"
    assert question.body_html == "<p>new <em>body</em></p>\n"
    assert question.last_editor == owner
    assert question.last_edited_at is not None
    assert Tag.objects.get(team=question.team, name="widgets").post_count == 0
    assert Tag.objects.get(team=question.team, name="other").post_count == 1


def test_only_owner_or_team_admin_edits(question, voter):
    with pytest.raises(PermissionDenied, match=EDIT_NOT_ALLOWED_MESSAGE):
        services.question_update(question=question, user=voter, title="x", body="y", tags=["a"])
    with pytest.raises(PermissionDenied, match=EDIT_NOT_ALLOWED_MESSAGE):
        services.question_delete(question=question, user=voter)
    admin = MembershipFactory(team=question.team, role=Membership.Role.ADMIN).user
    services.question_update(question=question, user=admin, title="x", body="y", tags=["a"])
    services.question_delete(question=question, user=admin)
    assert not Question.objects.filter(pk=question.pk).exists()


def test_admin_of_another_team_is_not_admin_here(question):
    other_admin = MembershipFactory(role=Membership.Role.ADMIN).user
    MembershipFactory(team=question.team, user=other_admin)
    with pytest.raises(PermissionDenied):
        services.question_delete(question=question, user=other_admin)


def test_answer_create_and_delete_keep_question_counters(question):
    answer = AnswerFactory(question=question)
    question.refresh_from_db()
    assert question.answer_count == 1
    assert question.last_activity_at == answer.created_at
    services.answer_delete(answer=answer, user=answer.owner)
    question.refresh_from_db()
    assert question.answer_count == 0


def test_comment_counts(question):
    answer = AnswerFactory(question=question)
    CommentFactory(question=question)
    CommentFactory(question=question, answer=answer)
    CommentFactory(question=question, answer=answer)
    question.refresh_from_db()
    answer.refresh_from_db()
    assert (question.comment_count, answer.comment_count) == (1, 2)


@pytest.mark.parametrize(("kind", "gain"), [("question", 5), ("answer", 10)])
def test_upvote_is_idempotent_and_withdrawable(question, voter, kind, gain):
    post = question if kind == "question" else AnswerFactory(question=question)
    team = question.team
    services.vote_cast(user=voter, value=Vote.UP, **{kind: post})
    services.vote_cast(user=voter, value=Vote.UP, **{kind: post})
    post.refresh_from_db()
    assert post.score == 1
    assert reputation(post.owner, team) == 1 + gain
    services.vote_withdraw(user=voter, value=Vote.UP, **{kind: post})
    services.vote_withdraw(user=voter, value=Vote.UP, **{kind: post})
    post.refresh_from_db()
    assert post.score == 0
    assert reputation(post.owner, team) == 1
    assert not Vote.objects.filter(user=voter).exists()


def test_switching_a_vote_replaces_it(question, voter):
    team = question.team
    Membership.objects.filter(user=question.owner, team=team).update(reputation=100)
    services.vote_cast(user=voter, question=question, value=Vote.UP)
    services.vote_cast(user=voter, question=question, value=Vote.DOWN)
    question.refresh_from_db()
    assert question.score == -1
    assert reputation(question.owner, team) == 98
    assert Vote.objects.get(user=voter, question=question).value == Vote.DOWN
    services.vote_withdraw(user=voter, question=question, value=Vote.UP)  # no upvote: no-op
    question.refresh_from_db()
    assert question.score == -1
    services.vote_withdraw(user=voter, question=question, value=Vote.DOWN)
    question.refresh_from_db()
    assert question.score == 0
    assert reputation(question.owner, team) == 100


def test_reputation_never_falls_below_one(question, voter):
    services.vote_cast(user=voter, question=question, value=Vote.DOWN)
    assert reputation(question.owner, question.team) == 1


def test_reputation_is_per_team(question, voter):
    other = MembershipFactory(user=question.owner)
    services.vote_cast(user=voter, question=question, value=Vote.UP)
    assert reputation(question.owner, question.team) == 6
    assert reputation(question.owner, other.team) == 1


def test_no_self_vote(question):
    with pytest.raises(PermissionDenied, match=SELF_VOTE_MESSAGE):
        services.vote_cast(user=question.owner, question=question, value=Vote.UP)
    assert question.votes.count() == 0


def test_answer_upvote_marks_question_answered(question, voter):
    answer = AnswerFactory(question=question)
    question.refresh_from_db()
    assert question.is_answered is False
    services.vote_cast(user=voter, answer=answer, value=Vote.UP)
    question.refresh_from_db()
    assert question.is_answered is True
    services.vote_withdraw(user=voter, answer=answer, value=Vote.UP)
    question.refresh_from_db()
    assert question.is_answered is False


def test_only_question_owner_accepts(question, voter):
    answer = AnswerFactory(question=question)
    with pytest.raises(PermissionDenied, match=ACCEPT_NOT_ALLOWED_MESSAGE):
        services.answer_accept(answer=answer, user=answer.owner)
    services.answer_accept(answer=answer, user=question.owner)
    question.refresh_from_db()
    assert (question.accepted_answer_id, question.is_answered) == (answer.pk, True)
    with pytest.raises(PermissionDenied, match=ACCEPT_NOT_ALLOWED_MESSAGE):
        services.answer_unaccept(answer=answer, user=voter)
    services.answer_unaccept(answer=answer, user=question.owner)
    question.refresh_from_db()
    assert (question.accepted_answer_id, question.is_answered) == (None, False)


def test_deleting_the_accepted_answer_clears_acceptance(question):
    answer = AnswerFactory(question=question)
    services.answer_accept(answer=answer, user=question.owner)
    services.answer_delete(answer=answer, user=answer.owner)
    question.refresh_from_db()
    assert (question.accepted_answer_id, question.is_answered, question.answer_count) == (
        None,
        False,
        0,
    )


def test_question_delete_takes_back_reputation_and_counts(question, voter):
    team = question.team
    answer = AnswerFactory(question=question)
    services.vote_cast(user=voter, question=question, value=Vote.UP)
    services.vote_cast(user=voter, answer=answer, value=Vote.UP)
    assert reputation(question.owner, team) == 6
    assert reputation(answer.owner, team) == 11
    services.question_delete(question=question, user=question.owner)
    assert reputation(question.owner, team) == 1
    assert reputation(answer.owner, team) == 1
    assert TeamContentStats.objects.get(team=team).question_count == 0
    assert Tag.objects.get(team=team, name="widgets").post_count == 0
    assert not Answer.objects.filter(pk=answer.pk).exists()


def test_team_stats_refresh_recounts_rows_loaded_behind_the_services(team):
    QuestionFactory(team=team)
    owner = UserFactory()
    Question.objects.bulk_create(
        Question(
            team=team,
            title="bulk",
            body_markdown="b",
            body_html="b",
            owner=owner,
            created_at=question_time(),
            last_activity_at=question_time(),
        )
        for _ in range(3)
    )
    assert TeamContentStats.objects.get(team=team).question_count == 1
    assert services.team_stats_refresh(team=team).question_count == 4


def question_time():
    from django.utils import timezone

    return timezone.now()


# --- Comment deletion and the staff path (the Django admin's) ------------------------------


def test_comment_delete_keeps_the_post_comment_counts(question):
    answer = AnswerFactory(question=question)
    on_question = CommentFactory(question=question)
    on_answer = CommentFactory(question=question, answer=answer)
    CommentFactory(question=question, answer=answer)

    services.comment_delete(comment=on_question, user=on_question.owner)
    services.comment_delete(comment=on_answer, user=on_answer.owner)

    question.refresh_from_db()
    answer.refresh_from_db()
    assert (question.comment_count, answer.comment_count) == (0, 1)
    assert list(question.comments.all()) == [answer.comments.get()]


def test_only_comment_owner_or_team_admin_deletes_a_comment(question, voter):
    comment = CommentFactory(question=question)
    with pytest.raises(PermissionDenied, match=EDIT_NOT_ALLOWED_MESSAGE):
        services.comment_delete(comment=comment, user=voter)
    # The question's owner is not the comment's owner.
    with pytest.raises(PermissionDenied, match=EDIT_NOT_ALLOWED_MESSAGE):
        services.comment_delete(comment=comment, user=question.owner)
    admin = MembershipFactory(team=question.team, role=Membership.Role.ADMIN).user
    services.comment_delete(comment=comment, user=admin)
    assert not question.comments.exists()


def test_staff_change_any_post_only_through_the_staff_path(question):
    staff = UserFactory(is_staff=True)
    answer = AnswerFactory(question=question)
    comment = CommentFactory(question=question)
    with pytest.raises(PermissionDenied, match=EDIT_NOT_ALLOWED_MESSAGE):
        services.question_update(question=question, user=staff, title="t", body="b", tags=["a"])
    with pytest.raises(PermissionDenied, match=EDIT_NOT_ALLOWED_MESSAGE):
        services.answer_delete(answer=answer, user=staff)

    services.question_update(
        question=question, user=staff, title="t", body="b", tags=["a"], by_staff=True
    )
    services.answer_update(answer=answer, user=staff, body="edited", by_staff=True)
    services.comment_delete(comment=comment, user=staff, by_staff=True)
    services.answer_delete(answer=answer, user=staff, by_staff=True)
    services.question_delete(question=question, user=staff, by_staff=True)
    assert not Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize("who", ["member", "inactive staff"])
def test_the_staff_path_needs_active_staff(question, voter, who):
    user = voter if who == "member" else UserFactory(is_staff=True, is_active=False)
    comment = CommentFactory(question=question)
    with pytest.raises(PermissionDenied, match=EDIT_NOT_ALLOWED_MESSAGE):
        services.question_delete(question=question, user=user, by_staff=True)
    with pytest.raises(PermissionDenied, match=EDIT_NOT_ALLOWED_MESSAGE):
        services.comment_delete(comment=comment, user=user, by_staff=True)
    assert Question.objects.filter(pk=question.pk).exists()
