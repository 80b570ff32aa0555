"""API v2.3 writes of questions, answers, comments and votes (form-encoded or JSON POST).

Each method parses its parameters, fetches what it changes with a `…_get_for_write`
selector (404 `no_method` for an unknown id, or another team's, as every v2.3 method),
calls one content service (who may edit, accept or vote, the counters and the reputation
are decided there, once for every face), and returns the created or changed object in
the wrapper, rendered by the read side's shapes under the request's filter. A delete
returns an empty `items`.

`preview=true` runs the very same service inside a transaction that is rolled back once
the object is rendered: every rule a real save applies (title and body limits, tag names
and synonyms, permissions) is applied, and nothing is kept. (The post id sequence may
advance: a previewed object's id is never used.)

A double submission (`/questions/add`, `/questions/{id}/answers/add`,
`/posts/{id}/comments/add` with the same text by the same user in the same team within
`DUPLICATE_WINDOW_SECONDS`) is refused with 409 `duplicate_request`, as on Stack: the
first request takes a short-lived key in the shared cache (`cache.add`, atomic on Redis)
and releases it if its write fails.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.http import Http404

from .. import selectors, services
from ..models import Vote
from ..selectors.post_lists import answer_v2_list, comment_v2_list, question_v2_list
from .base import V2Api
from .errors import BadParameter, DuplicateRequest
from .lists import answer_embeds, question_embeds
from .params import boolean, tag_names
from .posts import AnswerShape, CommentShape, QuestionShape

DUPLICATE_WINDOW_SECONDS = 10
REQUIRED_MESSAGE = "is required."


class WriteApi(V2Api):
    """Base of the v2.3 writes: POST only (the gate refuses read-only tokens and plans
    that do not write)."""

    http_method_names = ["post", "options"]

    # --- parameters ----------------------------------------------------------------------

    def text(self, name: str) -> str:
        value = self.params().get(name)
        if value is None or not str(value).strip():
            raise BadParameter(name, REQUIRED_MESSAGE)
        return str(value)

    def tags(self) -> list[str]:
        return tag_names("tags", self.params().get("tags"))

    def is_preview(self) -> bool:
        value = self.params().get("preview")
        return boolean("preview", str(value)) if value not in (None, "") else False

    # --- the write and its response ------------------------------------------------------

    def respond(self, write, render):
        """Call `write()` (one service call; returns what `render` takes) and return the
        wrapper of `render(result)`; under `preview=true`, roll it all back."""
        if not self.is_preview():
            return self.wrap(render(write()))
        with transaction.atomic():
            items = render(write())
            transaction.set_rollback(True)
        return self.wrap(items)

    def once(self, *parts) -> "_Once":
        """Guard a create against a double submission of the same `parts`."""
        if self.is_preview():
            return _Once(None)
        request = self.request
        digest = hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()
        key = f"v2:write:{request.team.pk}:{request.user.pk}:{type(self).__name__}:{digest}"
        if not cache.add(key, 1, timeout=DUPLICATE_WINDOW_SECONDS):
            raise DuplicateRequest
        return _Once(key)

    # --- rendering -----------------------------------------------------------------------

    def questions(self, question_id: int) -> list[dict]:
        self.item_type = "question"
        result = question_v2_list(
            team=self.request.team,
            user=self.request.user,
            page=1,
            page_size=1,
            embeds=question_embeds(self.filter),
            question_ids=[question_id],
        )
        return QuestionShape.render_many(result.items, self.context())

    def answers(self, answer_id: int) -> list[dict]:
        self.item_type = "answer"
        result = answer_v2_list(
            team=self.request.team,
            user=self.request.user,
            page=1,
            page_size=1,
            embeds=answer_embeds(self.filter),
            answer_ids=[answer_id],
        )
        return AnswerShape.render_many(result.items, self.context())

    def comments(self, comment_id: int) -> list[dict]:
        self.item_type = "comment"
        result = comment_v2_list(
            team=self.request.team, page=1, page_size=1, comment_ids=[comment_id]
        )
        return CommentShape.render_many(result.items, self.context())

    # --- what the writes change ----------------------------------------------------------

    def question(self, question_id: str):
        return selectors.question_get_for_write(
            team=self.request.team, question_id=int(question_id)
        )

    def answer(self, answer_id: str):
        return selectors.answer_of_team_get_for_write(
            team=self.request.team, answer_id=int(answer_id)
        )

    def comment(self, comment_id: str):
        return selectors.comment_get_for_write(team=self.request.team, comment_id=int(comment_id))


class _Once:
    """Releases the double-submission key when the guarded write fails, so that a
    corrected retry is not refused."""

    def __init__(self, key):
        self.key = key

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and self.key is not None:
            cache.delete(self.key)
        return False


def _none(_result) -> list:
    return []


# --- Questions ---------------------------------------------------------------------------


class QuestionAddApi(WriteApi):
    """`POST /questions/add`: `title`, `body` (Markdown), `tags` (separated by spaces, `;`
    or `,`), `preview`."""

    def post(self, request):
        title, body, tags = self.text("title"), self.text("body"), self.tags()
        with self.once(title, body):
            return self.respond(
                lambda: (
                    services.question_create(
                        team=request.team, user=request.user, title=title, body=body, tags=tags
                    ).pk
                ),
                self.questions,
            )


class QuestionEditApi(WriteApi):
    """`POST /questions/{id}/edit`: `title`, `body`, `tags` (all replaced; the author or
    a team admin), `comment` (an edit summary, accepted and not kept), `preview`."""

    def post(self, request, id):
        question = self.question(id)
        title, body, tags = self.text("title"), self.text("body"), self.tags()
        return self.respond(
            lambda: (
                services.question_update(
                    question=question, user=request.user, title=title, body=body, tags=tags
                ).pk
            ),
            self.questions,
        )


class QuestionDeleteApi(WriteApi):
    """`POST /questions/{id}/delete` (the author or a team admin): an empty `items`."""

    def post(self, request, id):
        question = self.question(id)
        return self.respond(
            lambda: services.question_delete(question=question, user=request.user), _none
        )


# --- Answers -----------------------------------------------------------------------------


class AnswerAddApi(WriteApi):
    """`POST /questions/{id}/answers/add`: `body`, `preview`."""

    def post(self, request, id):
        question = self.question(id)
        body = self.text("body")
        with self.once(question.pk, body):
            return self.respond(
                lambda: services.answer_create(question=question, user=request.user, body=body).pk,
                self.answers,
            )


class AnswerEditApi(WriteApi):
    """`POST /answers/{id}/edit`: `body` (the author or a team admin), `comment` (an edit
    summary, accepted and not kept), `preview`."""

    def post(self, request, id):
        answer = self.answer(id)
        body = self.text("body")
        return self.respond(
            lambda: services.answer_update(answer=answer, user=request.user, body=body).pk,
            self.answers,
        )


class AnswerDeleteApi(WriteApi):
    """`POST /answers/{id}/delete` (the author or a team admin): an empty `items`."""

    def post(self, request, id):
        answer = self.answer(id)
        return self.respond(lambda: services.answer_delete(answer=answer, user=request.user), _none)


class AnswerAcceptApi(WriteApi):
    """`POST /answers/{id}/accept` and `/accept/undo` (the question's author): the
    answer, with `is_accepted`."""

    undo = False

    def post(self, request, id):
        answer = self.answer(id)
        service = services.answer_unaccept if self.undo else services.answer_accept
        return self.respond(lambda: service(answer=answer, user=request.user).pk, self.answers)


# --- Votes -------------------------------------------------------------------------------


class VoteApi(WriteApi):
    """`POST /questions/{id}/upvote`, `/downvote`, and their `/undo`; the same for
    answers. Voting twice the same way changes nothing; the other way replaces the vote;
    `undo` withdraws this kind of vote if there is one. Returns the post."""

    kind = "question"
    value = Vote.UP
    undo = False

    def post(self, request, id):
        if self.kind == "question":
            target, render = {"question": self.question(id)}, self.questions
        else:
            target, render = {"answer": self.answer(id)}, self.answers
        service = services.vote_withdraw if self.undo else services.vote_cast
        post = next(iter(target.values()))

        def write():
            service(user=request.user, value=self.value, **target)
            return post.pk

        return self.respond(write, render)


# --- Comments ----------------------------------------------------------------------------


class PostCommentAddApi(WriteApi):
    """`POST /posts/{id}/comments/add`: `body` (Markdown), `preview`; under a question or
    an answer, by its post id."""

    def post(self, request, id):
        post_id = int(id)
        kind = selectors.post_kinds(
            team=request.team, ids=[post_id], kinds=("question", "answer")
        ).get(post_id)
        if kind is None:
            raise Http404
        if kind == "question":
            target = {"question": self.question(id)}
        else:
            answer = self.answer(id)
            target = {"question": answer.question, "answer": answer}
        body = self.text("body")
        with self.once(post_id, body):
            return self.respond(
                lambda: services.comment_create(user=request.user, body=body, **target).pk,
                self.comments,
            )


class CommentEditApi(WriteApi):
    """`POST /comments/{id}/edit`: `body` (the author or a team admin), `preview`."""

    def post(self, request, id):
        comment = self.comment(id)
        body = self.text("body")
        return self.respond(
            lambda: services.comment_update(comment=comment, user=request.user, body=body).pk,
            self.comments,
        )


class CommentDeleteApi(WriteApi):
    """`POST /comments/{id}/delete` (the author or a team admin): an empty `items`."""

    def post(self, request, id):
        comment = self.comment(id)
        return self.respond(
            lambda: services.comment_delete(comment=comment, user=request.user), _none
        )
