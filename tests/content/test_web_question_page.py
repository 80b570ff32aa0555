"""The question page: what it shows, who may see it, its anchors and its query count."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content import services, urls_paths
from content.models import Question
from tests.content.web_support import page_of
from tests.factories import (
    AnswerFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(team, member):
    return QuestionFactory(
        team=team,
        owner=member,
        title="How do I rotate the export token?",
        body_markdown="We use **nightly** exports.\n\n```sh\nexport --now\n```",
        tags=["exports", "tokens"],
    )


def test_shows_title_body_tags_owner_and_times(login, question, member):
    html = login(member).get(page_of(question)).content.decode()
    assert "<h1>How do I rotate the export token?</h1>" in html
    assert "<strong>nightly</strong>" in html
    assert '<code class="language-sh">export --now' in html
    for tag in ("exports", "tokens"):
        assert f'href="{urls_paths.tag_path(question.team.slug, tag)}"' in html
    assert f'href="{urls_paths.user_path(question.team.slug, member.pk)}">{member.name}</a>' in html
    assert f'<time datetime="{question.created_at.isoformat()}"' in html
    assert "Asked <time" in html and "Modified <time" in html and "Viewed 1 time" in html


def test_answers_accepted_first_then_by_score_with_anchors(login, question, member):
    low = AnswerFactory(question=question, body_markdown="low", score=1)
    high = AnswerFactory(question=question, body_markdown="high", score=7)
    accepted = AnswerFactory(question=question, body_markdown="accepted", score=0)
    services.answer_accept(answer=accepted, user=member)
    response = login(member).get(page_of(question))
    assert [a.pk for a in response.context["answers"]] == [accepted.pk, high.pk, low.pk]
    html = response.content.decode()
    for answer in (low, high, accepted):
        assert f'id="answer-{answer.pk}"' in html
    assert "3 Answers" in html
    assert "Accepted answer" in html


def test_comment_anchors_match_the_api_comment_links(login, question, member):
    answer = AnswerFactory(question=question)
    on_question = CommentFactory(question=question, body_markdown="on the question")
    on_answer = CommentFactory(question=question, answer=answer, body_markdown="on the answer")
    html = login(member).get(page_of(question)).content.decode()
    for comment, post_id in ((on_question, question.pk), (on_answer, answer.pk)):
        link = urls_paths.comment_path(
            question.team.slug,
            question_id=question.pk,
            article_id=None,
            comment_id=comment.pk,
            post_id=post_id,
        )
        assert f'id="{link.split("#")[1]}"' in html


def test_answer_links_of_the_api_point_at_the_page(login, question, member, make_pat):
    answer = AnswerFactory(question=question)
    _, code = make_pat(user=member, team=question.team)
    data = (
        login(member)
        .get(
            f"/api/v3/teams/{question.team.slug}/questions/{question.pk}/answers/{answer.pk}",
            HTTP_AUTHORIZATION=f"Bearer {code}",
        )
        .json()
    )
    page, anchor = data["webUrl"].split("#")
    assert page.endswith(page_of(question))
    html = login(member).get(page_of(question)).content.decode()
    assert f'id="{anchor}"' in html


def test_anonymous_goes_to_login_non_member_and_other_team_get_404(client, login, question):
    path = page_of(question)
    response = client.get(path)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('login')}?next={path}"
    stranger = login(UserFactory())
    assert stranger.get(path).status_code == HTTPStatus.NOT_FOUND
    # A member of another team, asking for this question under their own team: 404.
    other = MembershipFactory(team=TeamFactory()).team
    outsider = MembershipFactory(team=other).user
    client.force_login(outsider)
    assert client.get(urls_paths.question_path(other.slug, question.pk)).status_code == 404
    assert client.get(urls_paths.question_path(other.slug, 2**70)).status_code == 404


def test_owner_sees_edit_and_delete_others_do_not_admins_do(login, question, member, admin):
    edit = reverse("web-question-edit", args=[question.team.slug, question.pk])
    assert edit in login(member).get(page_of(question)).content.decode()
    other = MembershipFactory(team=question.team).user
    assert edit not in login(other).get(page_of(question)).content.decode()
    assert edit in login(admin).get(page_of(question)).content.decode()


def test_accept_controls_only_for_the_asker(login, question, member):
    answer = AnswerFactory(question=question)
    accept = reverse(
        "web-question-answer-accept", args=[question.team.slug, question.pk, answer.pk]
    )
    assert accept in login(member).get(page_of(question)).content.decode()
    other = MembershipFactory(team=question.team).user
    assert accept not in login(other).get(page_of(question)).content.decode()


def test_a_view_is_counted_once_per_person_in_the_window(login, question, member):
    client = login(member)
    client.get(page_of(question))
    client.get(page_of(question))
    assert Question.objects.get(pk=question.pk).view_count == 1
    login(MembershipFactory(team=question.team).user).get(page_of(question))
    assert Question.objects.get(pk=question.pk).view_count == 2


def test_api_reads_do_not_count_views(question, member, pat_client):
    client, _ = pat_client(user=member, team=question.team)
    client.get(f"/api/v3/teams/{question.team.slug}/questions/{question.pk}")
    assert Question.objects.get(pk=question.pk).view_count == 0


def _fill(question, *, answers: int, comments_each: int):
    people = [MembershipFactory(team=question.team).user for _ in range(3)]
    for n in range(answers):
        answer = AnswerFactory(question=question, owner=people[n % 3])
        for m in range(comments_each):
            CommentFactory(question=question, answer=answer, owner=people[m % 3])
    for m in range(comments_each):
        CommentFactory(question=question, owner=people[m % 3])


# session, user, membership + team, the question, its tags, its comments, its answers,
# their comments, the switcher's teams, the view count's UPDATE (first view only).
QUESTION_PAGE_QUERIES = 10


@pytest.mark.parametrize(("answers", "comments_each"), [(1, 1), (50, 4)])
def test_query_count_is_the_same_for_1_or_50_answers_and_200_comments(
    login, question, member, django_assert_num_queries, answers, comments_each
):
    _fill(question, answers=answers, comments_each=comments_each)
    client = login(member)
    with django_assert_num_queries(QUESTION_PAGE_QUERIES):
        response = client.get(page_of(question))
    assert len(response.context["answers"]) == answers
    with django_assert_num_queries(QUESTION_PAGE_QUERIES - 1):  # seen: no view to count
        client.get(page_of(question))
