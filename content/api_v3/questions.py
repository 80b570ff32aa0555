"""API v3: questions."""

from http import HTTPStatus

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from .. import selectors, services
from ..models import Vote
from .base import ContentApi, ListApi, responses
from .serializers.questions import (
    PaginatedQuestionsSerializer,
    QuestionListParams,
    QuestionRequestSerializer,
    QuestionSerializer,
    QuestionSummarySerializer,
)


class _QuestionApi(ContentApi):
    def _render(self, question_id: int, status=HTTPStatus.OK) -> Response:
        question = selectors.question_get(
            team=self.request.team, user=self.request.user, question_id=question_id
        )
        return Response(QuestionSerializer(question, context=self.context()).data, status=status)


@extend_schema_view(
    get=extend_schema(
        summary="List questions",
        description=(
            "Date filters (`from`, `to`) take `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (UTC) or an ISO "
            "8601 date-time with or without a zone (UTC when none); a year, month or day as "
            "`to` covers the whole of it. Boolean filters take `true` or `false`, any case."
        ),
        tags=["Questions"],
        parameters=[QuestionListParams],
        responses=responses({200: PaginatedQuestionsSerializer}),
    )
)
class QuestionListApi(ListApi, _QuestionApi):
    """`GET|POST /questions`."""

    params_class = QuestionListParams
    item_serializer = QuestionSummarySerializer
    selector = selectors.question_list

    def selector_scope(self, **url_kwargs) -> dict:
        return {"team": self.request.team, "user": self.request.user}

    @extend_schema(
        summary="Ask a question",
        tags=["Questions"],
        request=QuestionRequestSerializer,
        responses=responses({201: QuestionSerializer}),
    )
    def post(self, request, team=None):
        data = self.body(QuestionRequestSerializer)
        question = services.question_create(
            team=request.team,
            user=request.user,
            title=data["title"],
            body=data["body"],
            tags=data["tags"],
        )
        return self._render(question.pk, status=HTTPStatus.CREATED)


class QuestionDetailApi(_QuestionApi):
    """`GET|PUT|DELETE /questions/{questionId}`."""

    @extend_schema(
        summary="A question", tags=["Questions"], responses=responses({200: QuestionSerializer})
    )
    def get(self, request, questionId, team=None):
        return self._render(questionId)

    @extend_schema(
        summary="Edit a question (its author or a team admin)",
        tags=["Questions"],
        request=QuestionRequestSerializer,
        responses=responses({200: QuestionSerializer}),
    )
    def put(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        data = self.body(QuestionRequestSerializer)
        services.question_update(
            question=question,
            user=request.user,
            title=data["title"],
            body=data["body"],
            tags=data["tags"],
        )
        return self._render(questionId)

    @extend_schema(
        summary="Delete a question (its author or a team admin)",
        tags=["Questions"],
        responses=responses({204: None}),
    )
    def delete(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        services.question_delete(question=question, user=request.user)
        return Response(status=HTTPStatus.NO_CONTENT)


class QuestionVoteApi(_QuestionApi):
    """`POST|DELETE /questions/{questionId}/upvote` and `/downvote`."""

    value = Vote.UP

    @extend_schema(
        summary="Vote on a question (idempotent; not on one's own)",
        tags=["Questions"],
        request=None,
        responses=responses({200: QuestionSerializer}),
    )
    def post(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        services.vote_cast(user=request.user, question=question, value=self.value)
        return self._render(questionId)

    @extend_schema(
        summary="Withdraw a vote on a question",
        tags=["Questions"],
        request=None,
        responses=responses({200: QuestionSerializer}),
    )
    def delete(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        services.vote_withdraw(user=request.user, question=question, value=self.value)
        return self._render(questionId)
