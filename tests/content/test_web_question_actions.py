"""What is done on the question page: votes, accept, bookmark, watch, comments, answers,
edits and deletes, through POST forms that work without JavaScript; refusals explained
with the services' messages, next to the post."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content import services
from content.models import Answer, Comment, Question, QuestionWatch, Vote
from content.web import answers as answer_views
from content.web import comments as comment_views
from content.web import questions as question_views
from tests.content.web_support import action, follow, key, notices, page_of
from tests.factories import (
    AnswerFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def asker(member):
    return member


@pytest.fixture
def other(team):
    return MembershipFactory(team=team).user


@pytest.fixture
def question(team, asker):
    return QuestionFactory(team=team, owner=asker, title="Why is the export slow?")


@pytest.fixture
def answer(question, other):
    return AnswerFactory(question=question, owner=other, body_markdown="Add an index.")


# --- Votes --------------------------------------------------------------------------------


def test_vote_up_down_and_take_back(login, question, other):
    client = login(other)
    response = client.post(action(question, "vote/"), {"value": "up"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{page_of(question)}#question"
    assert Question.objects.get(pk=question.pk).score == 1
    client.post(action(question, "vote/"), {"value": "up"})  # the same again: one vote
    assert Question.objects.get(pk=question.pk).score == 1
    client.post(action(question, "vote/"), {"value": "down"})
    assert Question.objects.get(pk=question.pk).score == -1
    html = client.get(page_of(question)).content.decode()
    assert 'value="none" class="vote-button vote-down" aria-pressed="true"' in html
    client.post(action(question, "vote/"), {"value": "none"})
    assert Question.objects.get(pk=question.pk).score == 0
    assert not Vote.objects.filter(question=question).exists()


def test_vote_on_an_answer(login, question, answer, asker):
    response = login(asker).post(action(question, f"answers/{answer.pk}/vote/"), {"value": "up"})
    assert response["Location"] == f"{page_of(question)}#answer-{answer.pk}"
    assert Answer.objects.get(pk=answer.pk).score == 1


def test_voting_on_ones_own_post_is_refused_and_explained_next_to_it(login, question, asker):
    client = login(asker)
    response = client.post(action(question, "vote/"), {"value": "up"})
    page = follow(client, response)
    assert notices(page.content.decode()) == [services.SELF_VOTE_MESSAGE]
    assert Question.objects.get(pk=question.pk).score == 0
    # Said once: the next view of the page no longer shows it.
    assert notices(client.get(page_of(question)).content.decode()) == []


def test_a_vote_value_that_is_not_a_choice_is_explained(login, question, other):
    client = login(other)
    page = follow(client, client.post(action(question, "vote/"), {"value": "sideways"}))
    assert notices(page.content.decode()) == [question_views.VOTE_VALUE_MESSAGE]


def test_get_on_an_action_is_405(login, question, other):
    assert login(other).get(action(question, "vote/")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


# --- Accept ---------------------------------------------------------------------------------


def test_the_asker_accepts_and_unaccepts(login, question, answer, asker):
    client = login(asker)
    url = action(question, f"answers/{answer.pk}/accept/")
    response = client.post(url, {"accept": "on"})
    assert response["Location"] == f"{page_of(question)}#answer-{answer.pk}"
    assert Question.objects.get(pk=question.pk).accepted_answer_id == answer.pk
    client.post(url, {"accept": "on"})  # a double click: still accepted
    assert Question.objects.get(pk=question.pk).accepted_answer_id == answer.pk
    client.post(url, {"accept": "off"})
    assert Question.objects.get(pk=question.pk).accepted_answer_id is None


def test_accepting_on_someone_elses_question_is_refused_and_explained(login, question, answer):
    third = MembershipFactory(team=question.team).user
    client = login(third)
    response = client.post(action(question, f"answers/{answer.pk}/accept/"), {"accept": "on"})
    page = follow(client, response).content.decode()
    assert notices(page) == [services.ACCEPT_NOT_ALLOWED_MESSAGE]
    assert Question.objects.get(pk=question.pk).accepted_answer_id is None


def test_an_answer_of_another_question_is_404(login, question, asker, team):
    elsewhere = AnswerFactory(question=QuestionFactory(team=team))
    url = action(question, f"answers/{elsewhere.pk}/accept/")
    assert login(asker).post(url, {"accept": "on"}).status_code == HTTPStatus.NOT_FOUND


# --- Bookmark, watch ----------------------------------------------------------------------


def test_bookmark_and_watch_toggle_with_explicit_states(login, question, other):
    client = login(other)
    client.post(action(question, "bookmark/"), {"bookmark": "on"})
    client.post(action(question, "bookmark/"), {"bookmark": "on"})
    client.post(action(question, "watch/"), {"watch": "on"})
    assert Question.objects.get(pk=question.pk).bookmark_count == 1
    assert QuestionWatch.objects.filter(question=question, user=other).count() == 1
    html = client.get(page_of(question)).content.decode()
    assert 'class="toggle-button bookmark-button" aria-pressed="true"' in html
    assert 'aria-pressed="true">Watching</button>' in html
    client.post(action(question, "bookmark/"), {"bookmark": "off"})
    client.post(action(question, "watch/"), {"watch": "off"})
    assert Question.objects.get(pk=question.pk).bookmark_count == 0
    assert not QuestionWatch.objects.filter(question=question).exists()


# --- Comments -------------------------------------------------------------------------------


def test_comment_on_the_question_and_on_an_answer(login, question, answer, asker):
    client = login(asker)
    response = client.post(
        action(question, "comments/"), {"body": "Which *version*?", "submission_key": key()}
    )
    comment = Comment.objects.get(question=question, answer=None)
    assert response["Location"] == f"{page_of(question)}#comment{comment.pk}_{question.pk}"
    assert comment.body_html == "<p>Which <em>version</em>?</p>\n"
    response = client.post(
        action(question, f"answers/{answer.pk}/comments/"),
        {"body": "Thanks!", "submission_key": key()},
    )
    on_answer = Comment.objects.get(answer=answer)
    assert response["Location"] == f"{page_of(question)}#comment{on_answer.pk}_{answer.pk}"


def test_an_invalid_comment_shows_the_page_with_the_error_and_the_text(login, question, asker):
    client = login(asker)
    response = client.post(
        action(question, "comments/"), {"body": "x" * 601, "submission_key": key()}
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Ensure this value has at most 600 characters (it has 601)." in html
    assert "x" * 601 + "</textarea>" in html
    assert '<details class="add-comment" open>' in html
    assert not Comment.objects.exists()
    blank = client.post(action(question, "comments/"), {"body": "   ", "submission_key": key()})
    assert "This field is required." in blank.content.decode()


def test_a_comment_sent_twice_is_one_comment(login, question, asker):
    client = login(asker)
    form = {"body": "Same words", "submission_key": key()}
    first = client.post(action(question, "comments/"), form)
    second = client.post(action(question, "comments/"), form)
    assert Comment.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_comment_edit_and_delete_by_its_owner(login, question, asker):
    comment = CommentFactory(question=question, owner=asker, body_markdown="typo")
    client = login(asker)
    edit = action(question, f"comments/{comment.pk}/edit/")
    assert "typo</textarea>" in client.get(edit).content.decode()
    response = client.post(edit, {"body": "fixed"})
    assert response["Location"] == f"{page_of(question)}#comment{comment.pk}_{question.pk}"
    assert Comment.objects.get(pk=comment.pk).body_markdown == "fixed"
    delete = action(question, f"comments/{comment.pk}/delete/")
    assert "Delete this comment?" in client.get(delete).content.decode()
    response = client.post(delete, {"submission_key": key()})
    assert response["Location"] == f"{page_of(question)}#question"
    assert not Comment.objects.exists()
    page = client.get(page_of(question)).content.decode()
    assert comment_views.COMMENT_DELETED_MESSAGE in page


def test_someone_elses_comment_cannot_be_edited_or_deleted(login, question, asker, other):
    comment = CommentFactory(question=question, owner=asker)
    client = login(other)
    response = client.get(action(question, f"comments/{comment.pk}/edit/"))
    assert response["Location"] == f"{page_of(question)}#comment{comment.pk}_{question.pk}"
    assert services.EDIT_NOT_ALLOWED_MESSAGE in notices(follow(client, response).content.decode())
    response = client.post(
        action(question, f"comments/{comment.pk}/delete/"), {"submission_key": key()}
    )
    assert services.EDIT_NOT_ALLOWED_MESSAGE in notices(follow(client, response).content.decode())
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_comment_is_reached_only_through_its_own_question(login, question, asker, team):
    comment = CommentFactory(question=QuestionFactory(team=team), owner=asker)
    client = login(asker)
    assert client.get(action(question, f"comments/{comment.pk}/edit/")).status_code == 404


# --- Answers --------------------------------------------------------------------------------


def test_answer_posted_lands_on_its_anchor(login, question, other):
    client = login(other)
    response = client.post(
        action(question, "answers/"),
        {"body": "Use `VACUUM`.", "submission_key": key(), "action": "post"},
    )
    answer = Answer.objects.get(question=question)
    assert response["Location"] == f"{page_of(question)}#answer-{answer.pk}"
    assert "<code>VACUUM</code>" in answer.body_html


def test_answer_preview_renders_without_saving(login, question, other):
    form_key = key()
    response = login(other).post(
        action(question, "answers/"),
        {
            "body": "**bold** <script>alert(1)</script>",
            "submission_key": form_key,
            "action": "preview",
        },
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>alert(1)" not in html
    assert "**bold** &lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html  # kept to edit
    assert f'value="{form_key}"' in html  # the same one-time key, to post it next
    assert not Answer.objects.exists()


def test_an_empty_answer_is_an_error_next_to_the_field(login, question, other):
    response = login(other).post(
        action(question, "answers/"), {"body": "", "submission_key": key(), "action": "post"}
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<p class="field-error" id="id_body_error">This field is required.</p>' in html
    assert not Answer.objects.exists()


def test_control_characters_are_refused_by_the_service_next_to_the_field(login, question, other):
    response = login(other).post(
        action(question, "answers/"),
        {"body": "bell \x07", "submission_key": key(), "action": "post"},
    )
    assert "Control characters are not allowed" in response.content.decode()
    assert not Answer.objects.exists()


def test_an_answer_sent_twice_by_a_double_click_is_one_answer(login, question, other):
    client = login(other)
    form = {"body": "Once.", "submission_key": key(), "action": "post"}
    first = client.post(action(question, "answers/"), form)
    second = client.post(action(question, "answers/"), form)
    assert Answer.objects.filter(question=question).count() == 1
    assert second.status_code == HTTPStatus.FOUND
    assert second["Location"] == first["Location"]


def test_an_expired_or_forged_key_is_an_error_not_a_post(login, question, other):
    response = login(other).post(
        action(question, "answers/"), {"body": "x", "submission_key": "<bad>", "action": "post"}
    )
    assert "This form has expired" in response.content.decode()
    assert not Answer.objects.exists()


def test_answer_edit_by_its_owner_with_preview(login, question, answer, other):
    client = login(other)
    edit = action(question, f"answers/{answer.pk}/edit/")
    assert "Add an index.</textarea>" in client.get(edit).content.decode()
    preview = client.post(edit, {"body": "Add *two*.", "action": "preview"})
    assert "<em>two</em>" in preview.content.decode()
    assert Answer.objects.get(pk=answer.pk).body_markdown == "Add an index."
    response = client.post(edit, {"body": "Add *two*.", "action": "save"})
    assert response["Location"] == f"{page_of(question)}#answer-{answer.pk}"
    assert Answer.objects.get(pk=answer.pk).body_markdown == "Add *two*."


def test_answer_edit_and_delete_refused_to_others_admins_may(login, question, answer, asker, admin):
    client = login(asker)
    response = client.get(action(question, f"answers/{answer.pk}/edit/"))
    assert notices(follow(client, response).content.decode()) == [services.EDIT_NOT_ALLOWED_MESSAGE]
    response = client.post(
        action(question, f"answers/{answer.pk}/delete/"), {"submission_key": key()}
    )
    assert notices(follow(client, response).content.decode()) == [services.EDIT_NOT_ALLOWED_MESSAGE]
    assert Answer.objects.filter(pk=answer.pk).exists()
    response = login(admin).post(
        action(question, f"answers/{answer.pk}/delete/"), {"submission_key": key()}
    )
    assert response["Location"] == page_of(question)
    assert not Answer.objects.filter(pk=answer.pk).exists()


# --- Questions: edit, delete ------------------------------------------------------------


def test_question_edit_prefilled_and_saved(login, question, asker):
    client = login(asker)
    edit = action(question, "edit/")
    html = client.get(edit).content.decode()
    assert 'value="Why is the export slow?"' in html and 'value="widgets"' in html
    response = client.post(
        edit,
        {"title": "Why is the nightly export slow?", "body": "Since May.", "tags": "exports, perf"},
    )
    assert response["Location"] == f"{page_of(question)}#question"
    question.refresh_from_db()
    assert question.title == "Why is the nightly export slow?"
    assert sorted(question.tags.values_list("name", flat=True)) == ["exports", "perf"]


def test_question_edit_errors_next_to_fields(login, question, asker):
    response = login(asker).post(
        action(question, "edit/"), {"title": "", "body": "b", "tags": "a b c d e f"}
    )
    html = response.content.decode()
    assert '<p class="field-error" id="id_title_error">This field is required.</p>' in html
    response = login(asker).post(
        action(question, "edit/"), {"title": "t", "body": "b", "tags": "a b c d e f"}
    )
    assert (
        f'<p class="field-error" id="id_tags_error">{services.TAGS_REQUIRED_MESSAGE}</p>'
        in response.content.decode()
    )


def test_question_edit_refused_to_others(login, question, other):
    client = login(other)
    response = client.post(
        action(question, "edit/"), {"title": "Mine now", "body": "b", "tags": "x"}
    )
    assert notices(follow(client, response).content.decode()) == [services.EDIT_NOT_ALLOWED_MESSAGE]
    assert Question.objects.get(pk=question.pk).title == "Why is the export slow?"


def test_question_delete_confirms_then_deletes_once(login, question, asker, team):
    client = login(asker)
    confirm = client.get(action(question, "delete/")).content.decode()
    assert "Delete this question?" in confirm and "Why is the export slow?" in confirm
    form = {"submission_key": key()}
    first = client.post(action(question, "delete/"), form)
    second = client.post(action(question, "delete/"), form)  # a double click: not a 404
    assert first["Location"] == second["Location"] == f"/teams/{team.slug}/"
    assert not Question.objects.filter(pk=question.pk).exists()
    assert question_views.QUESTION_DELETED_MESSAGE in client.get(first["Location"]).content.decode()


def test_question_delete_refused_to_others(login, question, other):
    client = login(other)
    response = client.post(action(question, "delete/"), {"submission_key": key()})
    assert notices(follow(client, response).content.decode()) == [services.EDIT_NOT_ALLOWED_MESSAGE]
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize(
    "tail",
    ["vote/", "bookmark/", "watch/", "comments/", "answers/", "edit/", "delete/"],
)
def test_actions_on_another_teams_question_are_404(login, tail):
    question = QuestionFactory(team=TeamFactory())
    mine = MembershipFactory(team=TeamFactory())
    client = login(mine.user)
    url = reverse("web-question", args=[mine.team.slug, question.pk]) + tail
    assert (
        client.post(url, {"value": "up", "body": "x", "submission_key": key()}).status_code == 404
    )


def test_answer_delete_sent_twice_lands_on_the_page(login, question, answer, other):
    client = login(other)
    form = {"submission_key": key()}
    first = client.post(action(question, f"answers/{answer.pk}/delete/"), form)
    second = client.post(action(question, f"answers/{answer.pk}/delete/"), form)
    assert first["Location"] == second["Location"] == page_of(question)
    assert answer_views.ANSWER_DELETED_MESSAGE in client.get(page_of(question)).content.decode()


def test_delete_pages_are_not_shown_to_who_may_not_delete(login, question, answer, asker, other):
    comment = CommentFactory(question=question, owner=other)
    client = login(MembershipFactory(team=question.team).user)
    for tail, anchor in [
        ("delete/", "question"),
        (f"answers/{answer.pk}/delete/", f"answer-{answer.pk}"),
        (f"comments/{comment.pk}/delete/", f"comment{comment.pk}_{question.pk}"),
    ]:
        response = client.get(action(question, tail))
        assert response["Location"] == f"{page_of(question)}#{anchor}", tail
        assert notices(follow(client, response).content.decode()) == [
            services.EDIT_NOT_ALLOWED_MESSAGE
        ]
