"""API v3: answers to a question, their votes and acceptance."""

from http import HTTPStatus

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from .. import selectors, services
from ..models import Vote
from .base import ContentApi, ListApi, responses
from .serializers.answers import (
    AnswerListParams,
    AnswerRequestSerializer,
    AnswerSerializer,
    AnswerSummarySerializer,
    PaginatedAnswersSerializer,
)


class _AnswerApi(ContentApi):
    def _render(self, question, answer_id, *, serializer, status=HTTPStatus.OK) -> Response:
        answer = selectors.answer_get(
            question=question, user=self.request.user, answer_id=answer_id
        )
        return Response(serializer(answer, context=self.context()).data, status=status)

    def _answer(self, questionId, answerId):
        question = selectors.question_get_for_write(team=self.request.team, question_id=questionId)
        return selectors.answer_get_for_write(question=question, answer_id=answerId)


@extend_schema_view(
    get=extend_schema(
        summary="List the answers to a question",
        tags=["Answers"],
        parameters=[AnswerListParams],
        responses=responses({200: PaginatedAnswersSerializer}),
    )
)
class AnswerListApi(ListApi, _AnswerApi):
    """`GET|POST /questions/{questionId}/answers`."""

    params_class = AnswerListParams
    item_serializer = AnswerSummarySerializer
    selector = selectors.answer_list

    def selector_scope(self, *, questionId) -> dict:
        question = selectors.question_get_for_write(team=self.request.team, question_id=questionId)
        return {"question": question, "user": self.request.user}

    @extend_schema(
        summary="Answer a question",
        tags=["Answers"],
        request=AnswerRequestSerializer,
        responses=responses({201: AnswerSerializer}),
    )
    def post(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        data = self.body(AnswerRequestSerializer)
        answer = services.answer_create(question=question, user=request.user, body=data["body"])
        return self._render(
            question, answer.pk, serializer=AnswerSerializer, status=HTTPStatus.CREATED
        )


class AnswerDetailApi(_AnswerApi):
    """`GET|PUT|DELETE /questions/{questionId}/answers/{answerId}`."""

    @extend_schema(
        summary="An answer", tags=["Answers"], responses=responses({200: AnswerSerializer})
    )
    def get(self, request, questionId, answerId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        return self._render(question, answerId, serializer=AnswerSerializer)

    @extend_schema(
        summary="Edit an answer (its author or a team admin)",
        tags=["Answers"],
        request=AnswerRequestSerializer,
        responses=responses({200: AnswerSerializer}),
    )
    def put(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        data = self.body(AnswerRequestSerializer)
        services.answer_update(answer=answer, user=request.user, body=data["body"])
        return self._render(answer.question, answerId, serializer=AnswerSerializer)

    @extend_schema(
        summary="Delete an answer (its author or a team admin)",
        tags=["Answers"],
        responses=responses({204: None}),
    )
    def delete(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        services.answer_delete(answer=answer, user=request.user)
        return Response(status=HTTPStatus.NO_CONTENT)


class AnswerVoteApi(_AnswerApi):
    """`POST|DELETE /questions/{questionId}/answers/{answerId}/upvote` and `/downvote`."""

    value = Vote.UP

    @extend_schema(
        summary="Vote on an answer (idempotent; not on one's own)",
        tags=["Answers"],
        request=None,
        responses=responses({200: AnswerSummarySerializer}),
    )
    def post(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        services.vote_cast(user=request.user, answer=answer, value=self.value)
        return self._render(answer.question, answerId, serializer=AnswerSummarySerializer)

    @extend_schema(
        summary="Withdraw a vote on an answer",
        tags=["Answers"],
        request=None,
        responses=responses({200: AnswerSummarySerializer}),
    )
    def delete(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        services.vote_withdraw(user=request.user, answer=answer, value=self.value)
        return self._render(answer.question, answerId, serializer=AnswerSummarySerializer)


class AnswerAcceptApi(_AnswerApi):
    """`POST|DELETE /questions/{questionId}/answers/{answerId}/accept`."""

    @extend_schema(
        summary="Accept an answer (the question's author only)",
        tags=["Answers"],
        request=None,
        responses=responses({200: AnswerSummarySerializer}),
    )
    def post(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        services.answer_accept(answer=answer, user=request.user)
        return self._render(answer.question, answerId, serializer=AnswerSummarySerializer)

    @extend_schema(
        summary="Withdraw the acceptance of an answer (the question's author only)",
        tags=["Answers"],
        request=None,
        responses=responses({200: AnswerSummarySerializer}),
    )
    def delete(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        services.answer_unaccept(answer=answer, user=request.user)
        return self._render(answer.question, answerId, serializer=AnswerSummarySerializer)
