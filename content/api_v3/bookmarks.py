"""API v3: bookmarks of questions."""

from http import HTTPStatus

from drf_spectacular.utils import extend_schema

from .. import selectors, services
from .base import responses
from .questions import _QuestionApi
from .serializers.questions import QuestionSerializer


class QuestionBookmarkApi(_QuestionApi):
    """`POST|DELETE /questions/{questionId}/bookmark` (both idempotent)."""

    @extend_schema(
        summary="Bookmark question",
        tags=["Questions"],
        request=None,
        responses=responses({201: QuestionSerializer}),
    )
    def post(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        services.bookmark_create(user=request.user, question=question)
        return self._render(questionId, status=HTTPStatus.CREATED)

    @extend_schema(
        summary="Unbookmark question",
        tags=["Questions"],
        request=None,
        responses=responses({200: QuestionSerializer}),
    )
    def delete(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        services.bookmark_delete(user=request.user, question=question)
        return self._render(questionId)
