"""API v2.3 post types (`question`, `answer`, `comment`, `post`): every field is in the
filter registry, and a decorated question renders with its embedded answers and comments."""

import pytest
from django.test import RequestFactory

from content.api_v2 import posts
from content.api_v2.base import RenderContext
from content.api_v2.filters import FIELDS, filter_create
from content.api_v2.lists import question_embeds
from content.selectors.questions import question_decorate
from tests.factories import AnswerFactory, CommentFactory, QuestionFactory

SHAPES = [posts.QuestionShape, posts.AnswerShape, posts.CommentShape, posts.PostShape]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.type_name)
def test_every_field_is_in_the_registry(shape):
    assert set(shape.fields) <= set(FIELDS[shape.type_name])


@pytest.mark.django_db
def test_a_question_with_answers_and_comments_embedded(team, member):
    question = QuestionFactory(team=team, title="<b>Bold</b> question", tags=["python", "django"])
    answer = AnswerFactory(question=question)
    CommentFactory(question=question, body_markdown="on the question")
    CommentFactory(question=question, answer=answer, body_markdown="on the answer")
    flt = filter_create(
        base="default",
        include=[
            "question.body",
            "question.body_markdown",
            "question.answers",
            "question.comments",
            "question.up_vote_count",
            "answer.comments",
            "answer.body",
            "comment.post_type",
            "comment.link",
        ],
        exclude=[],
        unsafe=False,
    )
    request = RequestFactory().get("/")
    request.team = team  # as the gate leaves it
    ctx = RenderContext(request=request, filter=flt)
    row = question_decorate(
        team.questions.filter(pk=question.pk),
        team=team,
        user=member,
        **question_embeds(flt).__dict__,
    ).get()
    item = posts.QuestionShape.render(row, ctx)
    assert item["title"] == "&lt;b&gt;Bold&lt;/b&gt; question"
    assert item["tags"] == ["django", "python"]
    assert item["link"] == f"http://testserver/teams/{team.slug}/questions/{question.pk}/"
    assert item["up_vote_count"] == 0
    assert isinstance(item["creation_date"], int)
    assert set(item["owner"]) == set(FIELDS["shallow_user"])
    [embedded] = item["answers"]
    assert embedded["answer_id"] == answer.pk and embedded["is_accepted"] is False
    assert "body" in embedded
    [answer_comment] = embedded["comments"]
    assert answer_comment["post_type"] == "answer" and answer_comment["post_id"] == answer.pk
    [question_comment] = item["comments"]
    assert question_comment["post_type"] == "question"
    assert question_comment["link"].endswith(
        f"/questions/{question.pk}/#comment{question_comment['comment_id']}_{question.pk}"
    )
