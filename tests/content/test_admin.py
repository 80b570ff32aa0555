"""The content admin: staff look up, search, filter, edit and delete questions, answers and
comments; every change goes through the services, so the counters stay equal to a recount."""

from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services
from content.models import Answer, Comment, Question, Tag, TeamContentStats, Vote
from content.services import REPUTATION_FOR_DOWNVOTE, REPUTATION_FOR_UPVOTE, TAGS_REQUIRED_MESSAGE
from content.services.questions import REPUTATION_FOR_ACCEPTED, REPUTATION_FOR_ACCEPTING
from teams.models import Membership
from teams.plans import Plan
from tests.factories import (
    AnswerFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

QUESTIONS = "admin:content_question_changelist"
ANSWERS = "admin:content_answer_changelist"
COMMENTS = "admin:content_comment_changelist"


@pytest.fixture
def staff_client(client):
    """A staff member (not a superuser, member of no team) with the content permissions."""
    staff = UserFactory(is_staff=True, username="moderator")
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="content",
            codename__in=[
                f"{action}_{model}"
                for action in ("view", "change", "delete")
                for model in ("question", "answer", "comment")
            ],
        )
    )
    client.force_login(staff)
    client.staff = staff
    return client


def _vote(post, value=Vote.UP, **kind):
    voter = MembershipFactory(team=_team_of(post)).user
    services.vote_cast(user=voter, value=value, **kind)


def _team_of(post):
    return post.team if isinstance(post, Question) else post.question.team


@pytest.fixture
def content(team):
    """Two questions with tags, answers (one accepted), comments and votes in `team`."""
    asker = MembershipFactory(team=team).user
    helper = MembershipFactory(team=team).user
    first = QuestionFactory(team=team, owner=asker, title="Deploying widgets", tags=["ops", "py"])
    second = QuestionFactory(team=team, owner=helper, title="Testing gadgets", tags=["py"])
    accepted = AnswerFactory(question=first, owner=helper, body_markdown="Use the deploy script")
    other = AnswerFactory(question=first, owner=asker, body_markdown="Or do it by hand")
    services.answer_accept(answer=accepted, user=asker)
    late = AnswerFactory(question=second, owner=asker, body_markdown="Mock the gadget")
    CommentFactory(question=first, owner=helper, body_markdown="Which version?")
    CommentFactory(question=first, answer=accepted, owner=asker, body_markdown="Thanks, works")
    CommentFactory(question=second, owner=asker, body_markdown="Duplicate of another one")
    _vote(first, question=first)
    _vote(second, question=second)
    _vote(accepted, answer=accepted)
    _vote(accepted, answer=accepted)
    _vote(other, Vote.DOWN, answer=other)
    _vote(late, answer=late)
    return {
        "first": first,
        "second": second,
        "accepted": accepted,
        "other": other,
        "late": late,
        "asker": asker,
        "helper": helper,
    }


def _reputation_recount(membership: Membership) -> int:
    def earned(votes, kind):
        return sum(
            REPUTATION_FOR_UPVOTE[kind] if v.value > 0 else REPUTATION_FOR_DOWNVOTE for v in votes
        )

    team, user = membership.team, membership.user
    total = 1 + earned(Vote.objects.filter(question__team=team, question__owner=user), "question")
    total += earned(Vote.objects.filter(answer__question__team=team, answer__owner=user), "answer")
    for question in Question.objects.filter(team=team, accepted_answer__isnull=False):
        accepted_owner = question.accepted_answer.owner_id
        if accepted_owner == question.owner_id:
            continue  # accepting one's own answer earns nothing
        if accepted_owner == user.pk:
            total += REPUTATION_FOR_ACCEPTED
        if question.owner_id == user.pk:
            total += REPUTATION_FOR_ACCEPTING
    return max(total, 1)


def assert_counters_equal_a_recount(team) -> None:
    """Every counter the services maintain, against a count of the rows themselves."""
    assert {t.name: t.post_count for t in Tag.objects.filter(team=team)} == {
        t.name: t.questions.count() for t in Tag.objects.filter(team=team)
    }
    assert TeamContentStats.objects.get(team=team).question_count == (
        Question.objects.filter(team=team).count()
    )
    for question in Question.objects.filter(team=team):
        assert question.answer_count == question.answers.count()
        assert question.comment_count == question.comments.filter(answer=None).count()
        assert question.score == sum(v.value for v in question.votes.all())
        if question.accepted_answer_id is not None:
            assert question.answers.filter(pk=question.accepted_answer_id).exists()
        assert question.is_answered == (
            question.accepted_answer_id is not None or question.answers.filter(score__gt=0).exists()
        )
    for answer in Answer.objects.filter(question__team=team):
        assert answer.comment_count == answer.comments.count()
    for membership in Membership.objects.filter(team=team).select_related("user", "team"):
        assert membership.reputation == _reputation_recount(membership), membership.user


def _results(response) -> list:
    assert response.status_code == HTTPStatus.OK
    return list(response.context["cl"].result_list)


def test_the_fixture_counters_start_exact(team, content):
    # The recount itself can tell a wrong counter from a right one.
    assert_counters_equal_a_recount(team)
    Membership.objects.filter(user=content["helper"], team=team).update(reputation=5)
    with pytest.raises(AssertionError):
        assert_counters_equal_a_recount(team)


# --- Changelists: columns, search, filters -------------------------------------------------


def test_question_changelist_shows_the_columns_and_never_the_rendered_body(staff_client, content):
    response = staff_client.get(reverse(QUESTIONS))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for column in (
        "column-id",
        "column-title",
        "column-team",
        "column-owner",
        "column-score",
        "column-answer_count",
        "column-is_answered",
        "column-created_at",
        "column-last_activity_at",
    ):
        assert column in html
    assert "Deploying widgets" in html
    assert content["first"].body_html not in html


def test_question_search_by_title_owner_and_team(staff_client, content):
    other = QuestionFactory(
        team=TeamFactory(slug="rockets"), title="Launch rules", owner__username="zelda"
    )
    cases = [
        ("deploying", [content["first"]]),
        ("zelda", [other]),
        ("zelda@example.com", [other]),
        (content["helper"].username, [content["second"]]),
        ("rockets", [other]),
    ]
    for query, expected in cases:
        assert _results(staff_client.get(reverse(QUESTIONS), {"q": query})) == expected, query


def test_question_filters(staff_client, team, content):
    basic = TeamFactory(plan=Plan.BASIC)
    elsewhere = QuestionFactory(team=basic, title="Elsewhere")
    Question.objects.filter(pk=elsewhere.pk).update(created_at="2020-05-01T12:00:00Z")
    first, second = content["first"], content["second"]
    cases = [
        ({"team__id__exact": team.pk}, [second, first]),
        ({"team__plan__exact": "basic"}, [elsewhere]),
        ({"is_answered__exact": "1"}, [second, first]),
        ({"is_answered__exact": "0"}, [elsewhere]),
        ({"accepted": "yes"}, [first]),
        ({"accepted": "no"}, [elsewhere, second]),
        ({"created_at__year": "2020"}, [elsewhere]),
        ({"created_at__gte": "2021-01-01T00:00:00+00:00"}, [second, first]),
    ]
    for params, expected in cases:
        assert _results(staff_client.get(reverse(QUESTIONS), params)) == expected, params


def test_answer_changelist_search_and_filters(staff_client, team, content):
    elsewhere = AnswerFactory(question__team=TeamFactory(plan=Plan.BASIC), owner__username="zed")
    accepted, other, late = content["accepted"], content["other"], content["late"]

    response = staff_client.get(reverse(ANSWERS))
    html = response.content.decode()
    for column in ("column-question_title", "column-team", "column-is_accepted", "column-score"):
        assert column in html
    assert "Deploying widgets" in html

    cases = [
        ({"q": "deploy script"}, [accepted]),
        ({"q": "zed"}, [elsewhere]),
        ({"q": "testing gadgets"}, [late]),
        ({"question__team__id__exact": team.pk}, [late, other, accepted]),
        ({"question__team__plan__exact": "basic"}, [elsewhere]),
        ({"accepted": "yes"}, [accepted]),
        ({"accepted": "no"}, [elsewhere, late, other]),
        ({"o": "-6"}, [accepted, elsewhere, late, other]),  # ordered by "accepted"
    ]
    for params, expected in cases:
        assert _results(staff_client.get(reverse(ANSWERS), params)) == expected, params


def test_comment_changelist_search_and_filters(staff_client, team, content):
    elsewhere = CommentFactory(
        question__team=TeamFactory(), owner__username="quinn", body_markdown="Off topic"
    )
    response = staff_client.get(reverse(COMMENTS))
    assert f"Answer {content['accepted'].pk} to" in response.content.decode()

    cases = [
        ({"q": "which version"}, ["Which version?"]),
        ({"q": "quinn"}, ["Off topic"]),
        ({"q": content["asker"].email}, ["Duplicate of another one", "Thanks, works"]),
        (
            {"question__team__id__exact": team.pk},
            ["Duplicate of another one", "Thanks, works", "Which version?"],
        ),
        ({"question__team__id__exact": elsewhere.question.team_id}, ["Off topic"]),
    ]
    for params, expected in cases:
        bodies = [c.body_markdown for c in _results(staff_client.get(reverse(COMMENTS), params))]
        assert bodies == expected, params


@pytest.mark.parametrize(
    ("changelist", "make"),
    [
        (QUESTIONS, lambda team: QuestionFactory(team=team)),
        (ANSWERS, lambda team: AnswerFactory(question__team=team)),
        (COMMENTS, lambda team: CommentFactory(question__team=team)),
    ],
)
def test_changelist_runs_the_same_queries_for_1_and_50_rows(staff_client, team, changelist, make):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(reverse(changelist))
        assert response.status_code == HTTPStatus.OK
        return len(captured)

    make(team)
    one = queries()
    for _ in range(49):
        make(team)
    fifty = queries()
    assert len(_results(staff_client.get(reverse(changelist)))) == 50
    assert fifty == one


# --- Edits ---------------------------------------------------------------------------------


def _question_form(question, **changes) -> dict:
    data = {
        "title": question.title,
        "body_markdown": question.body_markdown,
        "tag_names": " ".join(question.tags.values_list("name", flat=True)),
        # The read-only answer inline's management form, as the page renders it.
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "0",
    }
    return {**data, **changes}


def test_question_change_page_shows_counters_read_only_and_answers(staff_client, content):
    question = content["first"]
    response = staff_client.get(reverse("admin:content_question_change", args=[question.pk]))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'name="title"' in html
    assert 'name="tag_names" value="ops py"' in html
    for counter in ("score", "answer_count", "comment_count", "view_count", "is_answered"):
        assert f'name="{counter}"' not in html
        assert f"field-{counter}" in html
    assert "body_html" not in html and "search_vector" not in html
    assert question.body_html not in html
    assert "Use the deploy script" in html  # the answers inline


def test_question_edit_goes_through_the_service(staff_client, team, content):
    question = content["first"]
    url = reverse("admin:content_question_change", args=[question.pk])

    response = staff_client.post(
        url,
        _question_form(
            question,
            title="Deploying widgets safely",
            body_markdown="Use **blue-green**",
            tag_names="ops, Deploy",
            score="99",
            answer_count="0",
        ),
    )

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].errors
    question.refresh_from_db()
    assert question.title == "Deploying widgets safely"
    assert question.body_html == "<p>Use <strong>blue-green</strong></p>\n"
    assert question.last_editor == staff_client.staff
    assert question.last_edited_at is not None
    assert sorted(question.tags.values_list("name", flat=True)) == ["deploy", "ops"]
    assert (question.score, question.answer_count) == (1, 2)  # counters are not editable
    assert Tag.objects.get(team=team, name="py").post_count == 1
    assert_counters_equal_a_recount(team)


@pytest.mark.parametrize(
    ("tag_names", "message"),
    [("", "This field is required."), ("a b c d e f", TAGS_REQUIRED_MESSAGE), ("bad!tag", "A tag")],
)
def test_question_edit_with_bad_tags_is_refused_in_the_form(
    staff_client, content, tag_names, message
):
    question = content["first"]
    url = reverse("admin:content_question_change", args=[question.pk])

    response = staff_client.post(url, _question_form(question, title="x", tag_names=tag_names))

    assert response.status_code == HTTPStatus.OK
    assert message in str(response.context["adminform"].form.errors["tag_names"])
    question.refresh_from_db()
    assert question.title == "Deploying widgets"


def test_answer_edit_goes_through_the_service(staff_client, team, content):
    answer = content["other"]
    url = reverse("admin:content_answer_change", args=[answer.pk])

    response = staff_client.post(url, {"body_markdown": "Do it *carefully*", "score": "50"})

    assert response.status_code == HTTPStatus.FOUND
    answer.refresh_from_db()
    assert answer.body_html == "<p>Do it <em>carefully</em></p>\n"
    assert answer.last_editor == staff_client.staff
    assert answer.score == -1
    assert_counters_equal_a_recount(team)


def test_comments_are_read_only(staff_client, content):
    comment = Comment.objects.get(body_markdown="Which version?")
    url = reverse("admin:content_comment_change", args=[comment.pk])

    response = staff_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert "Which version?" in response.content.decode()
    assert 'name="body_markdown"' not in response.content.decode()

    staff_client.post(url, {"body_markdown": "rewritten"})
    comment.refresh_from_db()
    assert comment.body_markdown == "Which version?"


# --- Deletions -----------------------------------------------------------------------------


def test_question_delete_page_goes_through_the_service(staff_client, team, content):
    question = content["first"]
    url = reverse("admin:content_question_delete", args=[question.pk])

    response = staff_client.post(url, {"post": "yes"})

    assert response.status_code == HTTPStatus.FOUND
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not Answer.objects.filter(question_id=question.pk).exists()
    assert Tag.objects.get(team=team, name="ops").post_count == 0
    assert TeamContentStats.objects.get(team=team).question_count == 1
    # The helper's accepted answer had earned 2 upvotes: that reputation is taken back.
    helper = Membership.objects.get(team=team, user=content["helper"])
    assert helper.reputation == 1 + REPUTATION_FOR_UPVOTE["question"]
    assert_counters_equal_a_recount(team)


def test_question_bulk_delete_goes_through_the_service(staff_client, team, content):
    kept = QuestionFactory(team=team, tags=["py"])

    response = staff_client.post(
        reverse(QUESTIONS),
        {
            "action": "delete_selected",
            "_selected_action": [content["first"].pk, content["second"].pk],
            "post": "yes",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    assert list(Question.objects.filter(team=team)) == [kept]
    assert Tag.objects.get(team=team, name="py").post_count == 1
    assert TeamContentStats.objects.get(team=team).question_count == 1
    assert_counters_equal_a_recount(team)
    assert set(Membership.objects.filter(team=team).values_list("reputation", flat=True)) == {1}


def test_answer_delete_page_clears_the_acceptance(staff_client, team, content):
    accepted, question = content["accepted"], content["first"]

    response = staff_client.post(
        reverse("admin:content_answer_delete", args=[accepted.pk]), {"post": "yes"}
    )

    assert response.status_code == HTTPStatus.FOUND
    question.refresh_from_db()
    assert (question.answer_count, question.accepted_answer_id) == (1, None)
    assert question.is_answered is False  # the remaining answer has a negative score
    assert not Comment.objects.filter(answer_id=accepted.pk).exists()
    assert_counters_equal_a_recount(team)


def test_answer_bulk_delete_goes_through_the_service(staff_client, team, content):
    response = staff_client.post(
        reverse(ANSWERS),
        {
            "action": "delete_selected",
            "_selected_action": [content["accepted"].pk, content["other"].pk, content["late"].pk],
            "post": "yes",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    assert not Answer.objects.filter(question__team=team).exists()
    assert list(Question.objects.filter(team=team).values_list("answer_count", flat=True)) == [
        0,
        0,
    ]
    assert_counters_equal_a_recount(team)


def test_comment_delete_page_and_bulk_keep_comment_counts(staff_client, team, content):
    on_question = Comment.objects.get(body_markdown="Which version?")
    on_answer = Comment.objects.get(body_markdown="Thanks, works")
    on_second = Comment.objects.get(body_markdown="Duplicate of another one")

    response = staff_client.post(
        reverse("admin:content_comment_delete", args=[on_question.pk]), {"post": "yes"}
    )
    assert response.status_code == HTTPStatus.FOUND
    content["first"].refresh_from_db()
    assert content["first"].comment_count == 0
    assert_counters_equal_a_recount(team)

    response = staff_client.post(
        reverse(COMMENTS),
        {
            "action": "delete_selected",
            "_selected_action": [on_answer.pk, on_second.pk],
            "post": "yes",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Comment.objects.exists()
    content["accepted"].refresh_from_db()
    content["second"].refresh_from_db()
    assert (content["accepted"].comment_count, content["second"].comment_count) == (0, 0)
    assert_counters_equal_a_recount(team)


def test_staff_with_only_the_view_permission_cannot_edit_or_delete(client, team, content):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_question"))
    client.force_login(viewer)
    question = content["first"]

    assert client.get(reverse(QUESTIONS)).status_code == HTTPStatus.OK
    bulk = {"action": "delete_selected", "_selected_action": [question.pk], "post": "yes"}
    client.post(reverse(QUESTIONS), bulk)
    delete_url = reverse("admin:content_question_delete", args=[question.pk])
    delete = client.post(delete_url, {"post": "yes"})
    assert delete.status_code == HTTPStatus.FORBIDDEN
    client.post(
        reverse("admin:content_question_change", args=[question.pk]),
        _question_form(question, title="changed"),
    )
    question.refresh_from_db()
    assert question.title == "Deploying widgets"
    assert_counters_equal_a_recount(team)


# --- Who gets in, what is offered ----------------------------------------------------------


@pytest.mark.parametrize("changelist", [QUESTIONS, ANSWERS, COMMENTS])
@pytest.mark.parametrize("who", ["anonymous", "member", "team admin"])
def test_non_staff_are_sent_to_the_login_page(client, team, changelist, who):
    if who != "anonymous":
        role = Membership.Role.ADMIN if who == "team admin" else Membership.Role.MEMBER
        client.force_login(MembershipFactory(team=team, role=role).user)

    response = client.get(reverse(changelist))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", ["question", "answer", "comment"])
def test_add_is_not_offered(admin_client, content, model):
    changelist = admin_client.get(reverse(f"admin:content_{model}_changelist"))
    assert changelist.status_code == HTTPStatus.OK
    assert changelist.context["has_add_permission"] is False
    add = admin_client.get(reverse(f"admin:content_{model}_add"))
    assert add.status_code == HTTPStatus.FORBIDDEN


def test_votes_are_not_in_the_admin():
    # A vote's effects (score, reputation) belong to vote_cast/vote_withdraw, and who voted
    # how is private: staff moderate posts, not votes.
    assert not admin.site.is_registered(Vote)
