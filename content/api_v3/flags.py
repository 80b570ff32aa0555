"""API v3: flag options and flags of questions and answers."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from .. import selectors, services
from .base import ContentApi, responses
from .serializers.flags import FlagOptionSerializer, FlagRequestSerializer, flag_options_data

_FLAG_ADDED = OpenApiResponse(description="Flag added (no body)")


class _FlagApi(ContentApi):
    def _post(self, questionId, answerId=None):
        question = selectors.question_get_for_write(team=self.request.team, question_id=questionId)
        answer = None
        if answerId is not None:
            answer = selectors.answer_get_for_write(question=question, answer_id=answerId)
        return question, answer


class QuestionFlagOptionsApi(_FlagApi):
    """`GET /questions/{questionId}/flags/options`."""

    @extend_schema(
        summary="Retrieve list of flag options",
        tags=["Questions"],
        responses=responses({200: FlagOptionSerializer(many=True)}),
    )
    def get(self, request, questionId, team=None):
        question, _ = self._post(questionId)
        options = selectors.flag_option_list(user=request.user, question=question)
        return Response(flag_options_data(options))


class AnswerFlagOptionsApi(_FlagApi):
    """`GET /questions/{questionId}/answers/{answerId}/flags/options`."""

    @extend_schema(
        summary="Retrieve a list of flag options",
        tags=["Answers"],
        responses=responses({200: FlagOptionSerializer(many=True)}),
    )
    def get(self, request, questionId, answerId, team=None):
        question, answer = self._post(questionId, answerId)
        options = selectors.flag_option_list(user=request.user, question=question, answer=answer)
        return Response(flag_options_data(options))


class QuestionFlagApi(_FlagApi):
    """`POST /questions/{questionId}/flags`."""

    @extend_schema(
        summary="Raises a flag for a question",
        tags=["Questions"],
        request=FlagRequestSerializer,
        responses=responses({200: _FLAG_ADDED}),
    )
    def post(self, request, questionId, team=None):
        question, _ = self._post(questionId)
        data = self.body(FlagRequestSerializer)
        services.flag_create(
            user=request.user,
            question=question,
            option_id=data["option_id"],
            comment=data.get("comment"),
            related_question_id=data.get("related_question_id"),
        )
        return Response()


class AnswerFlagApi(_FlagApi):
    """`POST /questions/{questionId}/answers/{answerId}/flags`."""

    @extend_schema(
        summary="Raises a flag for an answer",
        tags=["Answers"],
        request=FlagRequestSerializer,
        responses=responses({200: _FLAG_ADDED}),
    )
    def post(self, request, questionId, answerId, team=None):
        question, answer = self._post(questionId, answerId)
        data = self.body(FlagRequestSerializer)
        services.flag_create(
            user=request.user,
            question=question,
            answer=answer,
            option_id=data["option_id"],
            comment=data.get("comment"),
            related_question_id=data.get("related_question_id"),
        )
        return Response()
