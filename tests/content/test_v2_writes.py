"""API v2.3 writes of questions, answers, comments and votes: the created or changed
object in the wrapper, the permission table of every method in both forms of the team,
`preview` saving nothing, `tags` separators, the content rules' 403s, bad input 400s,
votes idempotent and undone, acceptance reputation as in v3, double submissions."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from content.api_v2.errors import DUPLICATE_REQUEST_MESSAGE, BadParameter
from content.api_v2.params import tag_names
from content.api_v2.post_writes import REQUIRED_MESSAGE
from content.models import (
    COMMENT_MAX_LENGTH,
    TAG_NAME_MESSAGE,
    TITLE_MAX_LENGTH,
    Answer,
    Comment,
    Question,
    Tag,
    TagSynonym,
    Vote,
)
from content.services import (
    ACCEPT_NOT_ALLOWED_MESSAGE,
    REPUTATION_FOR_ACCEPTED,
    REPUTATION_FOR_ACCEPTING,
    REPUTATION_FOR_UPVOTE,
    SELF_VOTE_MESSAGE,
    TAGS_REQUIRED_MESSAGE,
)
from content.services.common import EDIT_NOT_ALLOWED_MESSAGE
from content.services.texts import TEXT_TOO_LONG_MESSAGE
from teams.models import Membership
from teams.plans import Plan
from tests.factories import (
    AnswerFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    make_token,
)

from .v2_support import bad_parameter, error, made_filter, v2_client

pytestmark = pytest.mark.django_db

V2 = "/api/2.3"


def rep(user, team) -> int:
    return Membership.objects.get(user=user, team=team).reputation


class World:
    """A team, the caller (`me`, with a write token) and another member's posts: what
    every write method needs a target for."""

    def __init__(self, team):
        self.team = team
        self.me = MembershipFactory(team=team).user
        self.other = MembershipFactory(team=team).user
        _, self.code = make_token(user=self.me, team=team, can_write=True)
        self.client = v2_client(self.code)
        self.own_question = QuestionFactory(team=team, owner=self.me, tags=["python"])
        self.answer_to_mine = AnswerFactory(question=self.own_question, owner=self.other)
        self.other_question = QuestionFactory(team=team, owner=self.other, tags=["python"])
        self.other_answer = AnswerFactory(question=self.other_question, owner=self.other)
        self.own_answer = AnswerFactory(question=self.other_question, owner=self.me)
        self.own_comment = CommentFactory(question=self.other_question, owner=self.me)

    def post(self, path, data=None, *, client=None, team_slug=None, fmt=None):
        query = f"?team={team_slug}" if team_slug else ""
        client = client or self.client
        return client.post(f"{V2}/{path}{query}", data or {}, format=fmt)


@pytest.fixture
def world(team):
    return World(team)


def items(response) -> list[dict]:
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()["items"]


def item(response) -> dict:
    (only,) = items(response)
    return only


NEW_QUESTION = {"title": "How do I pin a dependency?", "body": "With pip, how?", "tags": "pip"}


# Every write method: (name, path from the world, form data).
METHODS = [
    ("questions/add", lambda w: "questions/add", NEW_QUESTION),
    (
        "questions/edit",
        lambda w: f"questions/{w.own_question.pk}/edit",
        {"title": "Edited title here", "body": "Edited body.", "tags": "python"},
    ),
    ("questions/delete", lambda w: f"questions/{w.own_question.pk}/delete", {}),
    (
        "answers/add",
        lambda w: f"questions/{w.other_question.pk}/answers/add",
        {"body": "Try this."},
    ),
    ("answers/edit", lambda w: f"answers/{w.own_answer.pk}/edit", {"body": "Edited."}),
    ("answers/delete", lambda w: f"answers/{w.own_answer.pk}/delete", {}),
    ("answers/accept", lambda w: f"answers/{w.answer_to_mine.pk}/accept", {}),
    ("answers/accept/undo", lambda w: f"answers/{w.answer_to_mine.pk}/accept/undo", {}),
    *[
        (f"{kind}s/{direction}{undo}", _path, {})
        for kind, _target in (
            ("question", lambda w: w.other_question.pk),
            ("answer", lambda w: w.other_answer.pk),
        )
        for direction in ("upvote", "downvote")
        for undo in ("", "/undo")
        for _path in [lambda w, kind=kind, t=_target, d=direction, u=undo: f"{kind}s/{t(w)}/{d}{u}"]
    ],
    ("posts/comments/add", lambda w: f"posts/{w.other_question.pk}/comments/add", {"body": "Hi"}),
    ("comments/edit", lambda w: f"comments/{w.own_comment.pk}/edit", {"body": "Edited."}),
    ("comments/delete", lambda w: f"comments/{w.own_comment.pk}/delete", {}),
]
METHOD_IDS = [name for name, _, _ in METHODS]

CELLS = {
    "member": HTTPStatus.OK,
    "member_with_team": HTTPStatus.OK,
    "member_json_body": HTTPStatus.OK,
    "anonymous": HTTPStatus.UNAUTHORIZED,
    "other_teams_slug": HTTPStatus.FORBIDDEN,
    "read_only_token": HTTPStatus.FORBIDDEN,
    "basic_plan": HTTPStatus.FORBIDDEN,
    "free_plan": HTTPStatus.FORBIDDEN,
}


def call_as(cell: str, world: World, path: str, data: dict):
    team = world.team
    if cell == "member":
        return world.post(path, data)
    if cell == "anonymous":
        return world.post(path, data, client=APIClient())
    if cell == "member_with_team":
        return world.post(path, data, team_slug=team.slug)
    if cell == "member_json_body":
        return world.post(path, data, fmt="json")
    if cell == "other_teams_slug":
        other = TeamFactory()
        MembershipFactory(team=other, user=world.me)
        return world.post(path, data, team_slug=other.slug)
    if cell == "read_only_token":
        _, code = make_token(user=world.me, team=team, can_write=False)
        return world.post(path, data, client=v2_client(code))
    team.plan = Plan.BASIC if cell == "basic_plan" else Plan.FREE
    team.save()
    return world.post(path, data)


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize(("name", "path", "data"), METHODS, ids=METHOD_IDS)
def test_permission_table(team, name, path, data, cell):
    world = World(team)
    before = (Question.objects.count(), Answer.objects.count(), Comment.objects.count())
    response = call_as(cell, world, path(world), data)
    assert response.status_code == CELLS[cell], response.content
    assert response["Content-Type"].startswith("application/json")
    if CELLS[cell] != HTTPStatus.OK:
        assert "error_name" in response.json()
        after = (Question.objects.count(), Answer.objects.count(), Comment.objects.count())
        assert after == before  # a refused write changes nothing


@pytest.mark.parametrize(("name", "path", "data"), METHODS, ids=METHOD_IDS)
def test_every_write_is_post_only(world, name, path, data):
    response = world.client.get(f"{V2}/{path(world)}")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response.json()["error_name"] == "no_method"


@pytest.mark.parametrize("team_slug", [None, "own"])
def test_add_question_returns_it_in_the_wrapper(world, team_slug):
    slug = world.team.slug if team_slug else None
    response = world.post(
        "questions/add",
        {"title": "Why is my build slow?", "body": "It takes **ages**.", "tags": "ci build"},
        team_slug=slug,
    )
    body = response.json()
    assert set(body) == {"items", "has_more", "quota_max", "quota_remaining"}
    (question,) = body["items"]
    saved = Question.objects.get(pk=question["question_id"])
    assert saved.team == world.team and saved.owner == world.me
    assert question["title"] == "Why is my build slow?"
    assert sorted(question["tags"]) == ["build", "ci"]
    assert question["owner"]["user_id"] == world.me.pk
    assert question["score"] == 0 and question["answer_count"] == 0
    assert isinstance(question["creation_date"], int)
    assert question["link"].endswith(f"/questions/{saved.pk}/")


def test_the_filter_shapes_the_written_object(world):
    response = world.post(
        "questions/add",
        {**NEW_QUESTION, "filter": made_filter("question.body", "question.body_markdown", "total")},
    )
    question = item(response)
    assert question["body"].strip() == "<p>With pip, how?</p>"
    assert question["body_markdown"] == "With pip, how?"
    none = world.post(
        "answers/" + str(world.own_answer.pk) + "/edit", {"body": "x y z", "filter": "none"}
    )
    assert none.json() == {}


def test_json_body_is_accepted(world):
    response = world.post("questions/add", {**NEW_QUESTION, "tags": "pip;python"}, fmt="json")
    assert item(response)["tags"] == ["pip", "python"]


# --- tags --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["pip python", "pip;python", "pip,python", " pip , python; ", "pip\tpython"]
)
def test_tag_names_separators(value):
    assert tag_names("tags", value) == ["pip", "python"]


def test_tag_names_parser():
    assert tag_names("tags", "a b;c,d") == ["a", "b", "c", "d"]
    assert tag_names("tags", "") == []
    with pytest.raises(BadParameter):
        tag_names("tags", "good bad!name")


@pytest.mark.parametrize("value", ["pip python", "pip;python", "pip,python", "pip, python;pip"])
def test_add_question_tags_separated_by_spaces_semicolons_commas(world, value):
    response = world.post("questions/add", {**NEW_QUESTION, "tags": value})
    assert item(response)["tags"] == ["pip", "python"]


def test_a_synonym_gives_its_master_tag(world):
    python = Tag.objects.get(team=world.team, name="python")
    TagSynonym.objects.create(team=world.team, name="py3", tag=python)
    response = world.post("questions/add", {**NEW_QUESTION, "tags": "py3"})
    assert item(response)["tags"] == ["python"]
    preview = world.post(
        "questions/add", {**NEW_QUESTION, "title": "Another", "tags": "py3", "preview": "true"}
    )
    assert item(preview)["tags"] == ["python"]


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "parameter", "message"),
    [
        ({"body": "b", "tags": "pip"}, "title", REQUIRED_MESSAGE),
        ({"title": "  ", "body": "b", "tags": "pip"}, "title", REQUIRED_MESSAGE),
        ({"title": "t", "tags": "pip"}, "body", REQUIRED_MESSAGE),
        ({"title": "t", "body": "b"}, "tags", TAGS_REQUIRED_MESSAGE),
        ({"title": "t", "body": "b", "tags": ";, "}, "tags", TAGS_REQUIRED_MESSAGE),
        ({"title": "t", "body": "b", "tags": "a b c d e f"}, "tags", TAGS_REQUIRED_MESSAGE),
        ({"title": "t", "body": "b", "tags": "bad!tag"}, "tags", TAG_NAME_MESSAGE),
        ({"title": "t", "body": "b", "tags": "x" * 36}, "tags", TAG_NAME_MESSAGE),
        (
            {"title": "t" * (TITLE_MAX_LENGTH + 1), "body": "b", "tags": "pip"},
            "title",
            TEXT_TOO_LONG_MESSAGE.format(limit=TITLE_MAX_LENGTH),
        ),
        ({**NEW_QUESTION, "preview": "maybe"}, "preview", "true or false"),
    ],
)
@pytest.mark.parametrize("preview", [False, True])
def test_add_question_bad_input_is_a_400_naming_the_parameter(
    world, data, parameter, message, preview
):
    if preview and "preview" not in data:
        data = {**data, "preview": "true"}
    before = Question.objects.count()
    message_sent = bad_parameter(world.post("questions/add", data), parameter)
    assert message in message_sent
    assert Question.objects.count() == before


@pytest.mark.parametrize(
    ("path", "data", "parameter"),
    [
        (lambda w: f"questions/{w.own_question.pk}/edit", {"title": "t", "tags": "x"}, "body"),
        (lambda w: f"questions/{w.own_question.pk}/edit", {"body": "b", "tags": "x"}, "title"),
        (lambda w: f"questions/{w.other_question.pk}/answers/add", {}, "body"),
        (lambda w: f"answers/{w.own_answer.pk}/edit", {"body": ""}, "body"),
        (lambda w: f"posts/{w.other_question.pk}/comments/add", {}, "body"),
        (
            lambda w: f"posts/{w.other_question.pk}/comments/add",
            {"body": "c" * (COMMENT_MAX_LENGTH + 1)},
            "body",
        ),
        (
            lambda w: f"comments/{w.own_comment.pk}/edit",
            {"body": "c" * (COMMENT_MAX_LENGTH + 1)},
            "body",
        ),
        (lambda w: f"questions/{w.other_question.pk}/upvote", {"preview": "yes"}, "preview"),
    ],
)
def test_bad_input_400s(world, path, data, parameter):
    bad_parameter(world.post(path(world), data), parameter)


@pytest.mark.parametrize(
    "path",
    [
        "questions/999999999/edit",
        "questions/999999999/delete",
        "questions/999999999/answers/add",
        "answers/999999999/edit",
        "answers/999999999/accept",
        "answers/999999999/upvote",
        "questions/999999999/downvote/undo",
        "posts/999999999/comments/add",
        "comments/999999999/edit",
        "comments/999999999/delete",
        "questions/99999999999999999999/edit",
        "questions/abc/edit",
    ],
)
def test_unknown_ids_are_404_no_method(world, path):
    error(world.post(path, {"title": "t", "body": "b", "tags": "x"}), 404, "no_method")


def test_another_teams_posts_are_unknown_here(world):
    elsewhere = QuestionFactory(team=TeamFactory())
    answer = AnswerFactory(question=elsewhere)
    for path in (
        f"questions/{elsewhere.pk}/upvote",
        f"answers/{answer.pk}/upvote",
        f"posts/{answer.pk}/comments/add",
        f"questions/{elsewhere.pk}/delete",
    ):
        error(world.post(path, {"body": "b"}), 404, "no_method")
    assert Question.objects.filter(pk=elsewhere.pk, score=0).exists()


# --- the content rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        (
            lambda w: f"questions/{w.other_question.pk}/edit",
            {"title": "Mine now", "body": "b", "tags": "x"},
            EDIT_NOT_ALLOWED_MESSAGE,
        ),
        (lambda w: f"questions/{w.other_question.pk}/delete", {}, EDIT_NOT_ALLOWED_MESSAGE),
        (lambda w: f"answers/{w.other_answer.pk}/edit", {"body": "b"}, EDIT_NOT_ALLOWED_MESSAGE),
        (lambda w: f"answers/{w.other_answer.pk}/delete", {}, EDIT_NOT_ALLOWED_MESSAGE),
        (lambda w: f"questions/{w.own_question.pk}/upvote", {}, SELF_VOTE_MESSAGE),
        (lambda w: f"answers/{w.own_answer.pk}/downvote", {}, SELF_VOTE_MESSAGE),
        (lambda w: f"answers/{w.other_answer.pk}/accept", {}, ACCEPT_NOT_ALLOWED_MESSAGE),
        (lambda w: f"answers/{w.other_answer.pk}/accept/undo", {}, ACCEPT_NOT_ALLOWED_MESSAGE),
    ],
)
@pytest.mark.parametrize("preview", ["false", "true"])
def test_content_rules_are_403_access_denied_with_the_services_message(
    world, path, data, message, preview
):
    before = (Question.objects.count(), Answer.objects.count(), rep(world.other, world.team))
    response = world.post(path(world), {**data, "preview": preview})
    assert error(response, 403, "access_denied") == message
    after = (Question.objects.count(), Answer.objects.count(), rep(world.other, world.team))
    assert after == before


def test_someone_elses_comment_cannot_be_edited_or_deleted(world):
    theirs = CommentFactory(question=world.own_question, owner=world.other)
    for action in ("edit", "delete"):
        response = world.post(f"comments/{theirs.pk}/{action}", {"body": "mine"})
        assert error(response, 403, "access_denied") == EDIT_NOT_ALLOWED_MESSAGE
    theirs.refresh_from_db()
    assert theirs.body_markdown.startswith("Comment")


def test_a_team_admin_edits_and_deletes_others_posts(world):
    Membership.objects.filter(team=world.team, user=world.me).update(role=Membership.Role.ADMIN)
    edited = world.post(
        f"questions/{world.other_question.pk}/edit",
        {"title": "Moderated title", "body": "b", "tags": "python"},
    )
    assert item(edited)["title"] == "Moderated title"
    theirs = CommentFactory(question=world.own_question, owner=world.other)
    assert items(world.post(f"comments/{theirs.pk}/edit", {"body": "fixed"}))
    assert items(world.post(f"answers/{world.other_answer.pk}/delete")) == []


# --- preview -----------------------------------------------------------------------------


def state(world) -> tuple:
    return (
        Question.objects.count(),
        Answer.objects.count(),
        Comment.objects.count(),
        Vote.objects.count(),
        Tag.objects.count(),
        sorted(Membership.objects.values_list("user_id", "reputation")),
        sorted(Question.objects.values_list("pk", "title", "score", "accepted_answer_id")),
        sorted(Answer.objects.values_list("pk", "body_markdown", "score")),
        sorted(Comment.objects.values_list("pk", "body_markdown")),
    )


@pytest.mark.parametrize(("name", "path", "data"), METHODS, ids=METHOD_IDS)
def test_preview_saves_nothing(world, name, path, data):
    before = state(world)
    response = world.post(path(world), {**data, "preview": "true"})
    assert response.status_code == HTTPStatus.OK, response.content
    assert state(world) == before


def test_preview_returns_what_would_be_saved(world):
    preview = item(
        world.post("questions/add", {**NEW_QUESTION, "tags": "brand-new", "preview": "true"})
    )
    assert preview["title"] == NEW_QUESTION["title"] and preview["tags"] == ["brand-new"]
    assert not Tag.objects.filter(name="brand-new").exists()
    vote = item(world.post(f"questions/{world.other_question.pk}/upvote", {"preview": "true"}))
    assert vote["score"] == 1
    accept = item(
        world.post(
            f"answers/{world.answer_to_mine.pk}/accept",
            {"preview": "true", "filter": made_filter("answer.is_accepted")},
        )
    )
    assert accept["is_accepted"] is True
    assert (
        world.post(f"questions/{world.own_question.pk}/delete", {"preview": "true"}).json()["items"]
        == []
    )
    assert Question.objects.filter(pk=world.own_question.pk).exists()


def test_preview_does_not_count_as_a_first_submission(world):
    assert items(world.post("questions/add", {**NEW_QUESTION, "preview": "true"}))
    assert items(world.post("questions/add", NEW_QUESTION))


# --- writes ------------------------------------------------------------------------------


def test_edit_question_replaces_title_body_and_tags(world):
    question = item(
        world.post(
            f"questions/{world.own_question.pk}/edit",
            {
                "title": "A better title",
                "body": "New *body*",
                "tags": "pip,packaging",
                "comment": "clarified",
                "filter": made_filter("question.body"),
            },
        )
    )
    assert question["title"] == "A better title"
    assert sorted(question["tags"]) == ["packaging", "pip"]
    assert question["body"].strip() == "<p>New <em>body</em></p>"
    assert question["last_edit_date"] >= question["creation_date"]


def test_delete_question_returns_empty_items(world):
    response = world.post(f"questions/{world.own_question.pk}/delete")
    assert response.json()["items"] == []
    assert not Question.objects.filter(pk=world.own_question.pk).exists()


def test_answer_add_edit_delete(world):
    question = world.other_question
    added = item(world.post(f"questions/{question.pk}/answers/add", {"body": "Use `pip -e`."}))
    assert added["question_id"] == question.pk and added["owner"]["user_id"] == world.me.pk
    question.refresh_from_db()
    assert question.answer_count == 3
    edited = item(
        world.post(
            f"answers/{added['answer_id']}/edit",
            {"body": "Use **pip**.", "filter": made_filter("answer.body")},
        )
    )
    assert edited["body"].strip() == "<p>Use <strong>pip</strong>.</p>"
    assert world.post(f"answers/{added['answer_id']}/delete").json()["items"] == []
    question.refresh_from_db()
    assert question.answer_count == 2


def test_comments_add_by_post_id_on_a_question_or_an_answer(world):
    flt = made_filter("comment.post_type")
    on_question = item(
        world.post(
            f"posts/{world.other_question.pk}/comments/add", {"body": "Which OS?", "filter": flt}
        )
    )
    assert on_question["post_id"] == world.other_question.pk
    assert on_question["post_type"] == "question"
    on_answer = item(
        world.post(
            f"posts/{world.other_answer.pk}/comments/add", {"body": "Thanks!", "filter": flt}
        )
    )
    assert on_answer["post_type"] == "answer"
    assert on_answer["post_id"] == world.other_answer.pk
    world.other_answer.refresh_from_db()
    assert world.other_answer.comment_count == 1


def test_comment_edit_renders_markdown_and_delete_updates_the_count(world):
    comment = world.own_comment
    edited = item(
        world.post(
            f"comments/{comment.pk}/edit",
            {"body": "Now **bold**", "filter": made_filter("comment.body_markdown")},
        )
    )
    assert edited["body"].strip() == "<p>Now <strong>bold</strong></p>"
    assert edited["body_markdown"] == "Now **bold**"
    count = Question.objects.get(pk=world.other_question.pk).comment_count
    assert world.post(f"comments/{comment.pk}/delete").json()["items"] == []
    assert Question.objects.get(pk=world.other_question.pk).comment_count == count - 1


# --- votes -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["question", "answer"])
def test_votes_are_idempotent_and_undone(world, kind):
    post = world.other_question if kind == "question" else world.other_answer
    path = f"{kind}s/{post.pk}"
    Membership.objects.filter(user=world.other).update(reputation=100)  # above the floor
    start = rep(world.other, world.team)
    up = REPUTATION_FOR_UPVOTE[kind]
    assert item(world.post(f"{path}/upvote"))["score"] == 1
    assert item(world.post(f"{path}/upvote"))["score"] == 1
    assert rep(world.other, world.team) == start + up
    assert item(world.post(f"{path}/downvote"))["score"] == -1
    assert rep(world.other, world.team) == start - 2
    assert item(world.post(f"{path}/upvote/undo"))["score"] == -1  # no upvote to take back
    assert item(world.post(f"{path}/downvote/undo"))["score"] == 0
    assert item(world.post(f"{path}/downvote/undo"))["score"] == 0
    assert rep(world.other, world.team) == start
    assert Vote.objects.filter(user=world.me).count() == 0


def test_vote_response_says_upvoted(world):
    flt = made_filter("question.upvoted", "question.up_vote_count")
    question = item(world.post(f"questions/{world.other_question.pk}/upvote", {"filter": flt}))
    assert question["upvoted"] is True and question["up_vote_count"] == 1


# --- acceptance --------------------------------------------------------------------------


def test_accept_and_undo_reputation_matches_v3(team):
    v2_world, v3_world = World(team), World(TeamFactory())
    v3_client = APIClient()
    v3_client.credentials(HTTP_X_API_ACCESS_TOKEN=v3_world.code)

    def reps(w):
        return rep(w.me, w.team), rep(w.other, w.team)

    start2, start3 = reps(v2_world), reps(v3_world)
    accepted = item(
        v2_world.post(
            f"answers/{v2_world.answer_to_mine.pk}/accept",
            {"filter": made_filter("answer.is_accepted")},
        )
    )
    assert accepted["is_accepted"] is True
    v3_path = reverse(
        "api:answer-accept",
        kwargs={"questionId": v3_world.own_question.pk, "answerId": v3_world.answer_to_mine.pk},
    )
    assert v3_client.post(v3_path).status_code == HTTPStatus.OK
    gained2 = [a - b for a, b in zip(reps(v2_world), start2, strict=True)]
    gained3 = [a - b for a, b in zip(reps(v3_world), start3, strict=True)]
    assert gained2 == gained3 == [REPUTATION_FOR_ACCEPTING, REPUTATION_FOR_ACCEPTED]
    v2_world.own_question.refresh_from_db()
    assert v2_world.own_question.accepted_answer_id == v2_world.answer_to_mine.pk

    undone = item(
        v2_world.post(
            f"answers/{v2_world.answer_to_mine.pk}/accept/undo",
            {"filter": made_filter("answer.is_accepted")},
        )
    )
    assert undone["is_accepted"] is False
    assert v3_client.delete(v3_path).status_code == HTTPStatus.OK
    assert reps(v2_world) == start2 and reps(v3_world) == start3


# --- double submission -------------------------------------------------------------------


def test_the_same_question_twice_in_a_row_is_created_once(world):
    first = item(world.post("questions/add", NEW_QUESTION))
    second = world.post("questions/add", NEW_QUESTION)
    assert error(second, 409, "duplicate_request") == DUPLICATE_REQUEST_MESSAGE
    assert Question.objects.filter(title=NEW_QUESTION["title"]).count() == 1
    assert Question.objects.filter(pk=first["question_id"]).exists()
    other_body = world.post("questions/add", {**NEW_QUESTION, "body": "Another body."})
    assert items(other_body)


def test_a_refused_submission_does_not_block_its_retry(world):
    bad_parameter(world.post("questions/add", {**NEW_QUESTION, "tags": "a b c d e f"}), "tags")
    assert items(world.post("questions/add", NEW_QUESTION))


def test_the_same_answer_or_comment_twice_is_created_once(world):
    path = f"questions/{world.other_question.pk}/answers/add"
    assert items(world.post(path, {"body": "Same."}))
    error(world.post(path, {"body": "Same."}), 409, "duplicate_request")
    path = f"posts/{world.other_question.pk}/comments/add"
    assert items(world.post(path, {"body": "Same."}))
    error(world.post(path, {"body": "Same."}), 409, "duplicate_request")
    assert Answer.objects.filter(body_markdown="Same.").count() == 1
    assert Comment.objects.filter(body_markdown="Same.").count() == 1


def test_another_user_may_ask_the_same_question(world):
    assert items(world.post("questions/add", NEW_QUESTION))
    _, code = make_token(user=world.other, team=world.team, can_write=True)
    assert items(world.post("questions/add", NEW_QUESTION, client=v2_client(code)))


# --- query counts ------------------------------------------------------------------------


def test_a_vote_costs_the_same_queries_whatever_the_number_of_answers(world):
    """The rendered post is read with the list selectors: a constant number of queries."""
    flt = made_filter("question.answers", "question.comments", "answer.comments")
    world.post(f"questions/{world.other_question.pk}/upvote/undo")  # the token's last use
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            item(world.post(f"questions/{world.other_question.pk}/upvote", {"filter": flt}))
        counts.append(len(queries))
        for _ in range(5):
            AnswerFactory(question=world.other_question)
        world.post(f"questions/{world.other_question.pk}/upvote/undo")
    assert counts[0] == counts[1]


# --- the core rules these writes rely on (every face shares them) -------------------------


def test_services_refuse_empty_or_too_long_texts_whatever_the_face(world):
    from django.core.exceptions import ValidationError

    from content import services

    with pytest.raises(ValidationError) as refused:
        services.question_create(
            team=world.team, user=world.me, title="t" * 151, body="b", tags=["x"]
        )
    assert "title" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.answer_create(question=world.other_question, user=world.me, body=" ")
    with pytest.raises(ValidationError):
        services.tag_names_clean(names=["bad!name"])
    with pytest.raises(ValidationError):
        services.comment_update(comment=world.own_comment, user=world.me, body="c" * 601)


def test_comment_update_is_for_the_owner_or_a_team_admin(world):
    from django.core.exceptions import PermissionDenied

    from content import services

    with pytest.raises(PermissionDenied):
        services.comment_update(comment=world.own_comment, user=world.other, body="no")
    Membership.objects.filter(user=world.other).update(role=Membership.Role.ADMIN)
    updated = services.comment_update(comment=world.own_comment, user=world.other, body="*ok*")
    assert updated.body_html.strip() == "<p><em>ok</em></p>"
