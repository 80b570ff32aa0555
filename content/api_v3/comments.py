"""API v3: comments on questions and answers."""

from http import HTTPStatus

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from .. import selectors, services
from .answers import _AnswerApi
from .base import ContentApi, responses
from .serializers.comments import CommentRequestSerializer, CommentSerializer

_COMMENT_POST_NOTE = (
    "Teamstack extension: the official API v3 only reads comments. The body is Markdown."
)


class QuestionCommentListApi(ContentApi):
    """`GET|POST /questions/{questionId}/comments`: a bare JSON array, as in the official
    document."""

    @extend_schema(
        summary="The comments on a question",
        tags=["Comments"],
        responses=responses({200: CommentSerializer(many=True)}),
    )
    def get(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        comments = selectors.comment_list(question=question)
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(
        summary="Comment on a question",
        description=_COMMENT_POST_NOTE,
        tags=["Comments"],
        request=CommentRequestSerializer,
        responses=responses({201: CommentSerializer}),
    )
    def post(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        data = self.body(CommentRequestSerializer)
        comment = services.comment_create(question=question, user=request.user, body=data["body"])
        return Response(CommentSerializer(comment).data, status=HTTPStatus.CREATED)


class AnswerCommentListApi(_AnswerApi):
    """`GET|POST /questions/{questionId}/answers/{answerId}/comments`."""

    @extend_schema(
        summary="The comments on an answer",
        tags=["Comments"],
        responses=responses({200: CommentSerializer(many=True)}),
    )
    def get(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        comments = selectors.comment_list(question=answer.question, answer=answer)
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(
        summary="Comment on an answer",
        description=_COMMENT_POST_NOTE,
        tags=["Comments"],
        request=CommentRequestSerializer,
        responses=responses({201: CommentSerializer}),
    )
    def post(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        data = self.body(CommentRequestSerializer)
        comment = services.comment_create(
            question=answer.question, answer=answer, user=request.user, body=data["body"]
        )
        return Response(CommentSerializer(comment).data, status=HTTPStatus.CREATED)
