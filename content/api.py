"""The Stack Internal API v3 for a team's content and people. Views stay thin.

Authentication and the team gate (`TeamAccessPermission`: team scope, read/write scope,
plan) are the project defaults and leave the team on `request.team`. A view parses its
query string or body with a serializer, calls one selector or service, and renders the
result in the official v3 shape. The content rules (who may edit, accept, vote) live in
the services, which refuse with Django's `PermissionDenied`: rendered here as a 403
problem that keeps the service's message.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import Vote
from .schema import ContentAutoSchema
from .selectors import member_get
from .serializers import (
    AnswerListParams,
    AnswerRequestSerializer,
    AnswerSerializer,
    AnswerSummarySerializer,
    CommentRequestSerializer,
    CommentSerializer,
    EmailPathParams,
    PaginatedAnswersSerializer,
    PaginatedQuestionsSerializer,
    PaginatedSearchResultsSerializer,
    PaginatedTagsSerializer,
    PaginatedUsersSerializer,
    ProblemSerializer,
    QuestionListParams,
    QuestionRequestSerializer,
    QuestionSearchResultSerializer,
    QuestionSerializer,
    QuestionSummarySerializer,
    SearchParams,
    TagListParams,
    TagSerializer,
    TagSummarySerializer,
    UserListParams,
    UserSerializer,
    UserSummarySerializer,
    page_data,
)

_PROBLEMS = {
    400: OpenApiResponse(ProblemSerializer, description="Invalid request"),
    401: OpenApiResponse(ProblemSerializer, description="Missing, invalid or expired token"),
    403: OpenApiResponse(ProblemSerializer, description="Forbidden"),
    404: OpenApiResponse(ProblemSerializer, description="Not found"),
}


def _responses(ok: dict) -> dict:
    return {**ok, **_PROBLEMS}


class ContentApi(APIView):
    """Base of the content views: parsing helpers and the 403 of the content rules."""

    schema = ContentAutoSchema()
    list_operation = False  # True on list endpoints (operation ids `…_list`)

    def handle_exception(self, exc):
        if isinstance(exc, DjangoPermissionDenied) and exc.args:
            exc = exceptions.PermissionDenied(str(exc.args[0]))
        return super().handle_exception(exc)

    def query(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def body(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def context(self, **extra) -> dict:
        return {"request": self.request, **extra}


# --- Questions ---------------------------------------------------------------------------


class _QuestionApi(ContentApi):
    def _render(self, question_id: int, status=HTTPStatus.OK) -> Response:
        question = selectors.question_get(
            team=self.request.team, user=self.request.user, question_id=question_id
        )
        return Response(QuestionSerializer(question, context=self.context()).data, status=status)


class QuestionListApi(_QuestionApi):
    """`GET|POST /questions`."""

    list_operation = True

    @extend_schema(
        summary="List questions",
        tags=["Questions"],
        parameters=[QuestionListParams],
        responses=_responses({200: PaginatedQuestionsSerializer}),
    )
    def get(self, request, team=None):
        params = self.query(QuestionListParams)
        page = selectors.question_list(
            team=request.team,
            user=request.user,
            page=params["page"],
            page_size=params["pageSize"],
            sort=params["sort"],
            order=params["order"],
            is_answered=params.get("isAnswered"),
            has_accepted_answer=params.get("hasAcceptedAnswer"),
            tag_ids=params.get("tagId"),
            author_id=params.get("authorId"),
            from_date=params.get("from"),
            to_date=params.get("to"),
        )
        return Response(
            page_data(
                page,
                item=QuestionSummarySerializer,
                sort=params["sort"],
                order=params["order"],
                context=self.context(),
            )
        )

    @extend_schema(
        summary="Ask a question",
        tags=["Questions"],
        request=QuestionRequestSerializer,
        responses=_responses({201: QuestionSerializer}),
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
        summary="A question", tags=["Questions"], responses=_responses({200: QuestionSerializer})
    )
    def get(self, request, questionId, team=None):
        return self._render(questionId)

    @extend_schema(
        summary="Edit a question (its author or a team admin)",
        tags=["Questions"],
        request=QuestionRequestSerializer,
        responses=_responses({200: QuestionSerializer}),
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
        responses=_responses({204: None}),
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
        responses=_responses({200: QuestionSerializer}),
    )
    def post(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        services.vote_cast(user=request.user, question=question, value=self.value)
        return self._render(questionId)

    @extend_schema(
        summary="Withdraw a vote on a question",
        tags=["Questions"],
        request=None,
        responses=_responses({200: QuestionSerializer}),
    )
    def delete(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        services.vote_withdraw(user=request.user, question=question, value=self.value)
        return self._render(questionId)


# --- Answers -----------------------------------------------------------------------------


class _AnswerApi(ContentApi):
    def _render(self, question, answer_id, *, serializer, status=HTTPStatus.OK) -> Response:
        answer = selectors.answer_get(
            question=question, user=self.request.user, answer_id=answer_id
        )
        return Response(serializer(answer, context=self.context()).data, status=status)

    def _answer(self, questionId, answerId):
        question = selectors.question_get_for_write(team=self.request.team, question_id=questionId)
        return selectors.answer_get_for_write(question=question, answer_id=answerId)


class AnswerListApi(_AnswerApi):
    """`GET|POST /questions/{questionId}/answers`."""

    list_operation = True

    @extend_schema(
        summary="List the answers to a question",
        tags=["Answers"],
        parameters=[AnswerListParams],
        responses=_responses({200: PaginatedAnswersSerializer}),
    )
    def get(self, request, questionId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        params = self.query(AnswerListParams)
        page = selectors.answer_list(
            question=question,
            user=request.user,
            page=params["page"],
            page_size=params["pageSize"],
            sort=params["sort"],
            order=params["order"],
        )
        return Response(
            page_data(
                page,
                item=AnswerSummarySerializer,
                sort=params["sort"],
                order=params["order"],
                context=self.context(),
            )
        )

    @extend_schema(
        summary="Answer a question",
        tags=["Answers"],
        request=AnswerRequestSerializer,
        responses=_responses({201: AnswerSerializer}),
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
        summary="An answer", tags=["Answers"], responses=_responses({200: AnswerSerializer})
    )
    def get(self, request, questionId, answerId, team=None):
        question = selectors.question_get_for_write(team=request.team, question_id=questionId)
        return self._render(question, answerId, serializer=AnswerSerializer)

    @extend_schema(
        summary="Edit an answer (its author or a team admin)",
        tags=["Answers"],
        request=AnswerRequestSerializer,
        responses=_responses({200: AnswerSerializer}),
    )
    def put(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        data = self.body(AnswerRequestSerializer)
        services.answer_update(answer=answer, user=request.user, body=data["body"])
        return self._render(answer.question, answerId, serializer=AnswerSerializer)

    @extend_schema(
        summary="Delete an answer (its author or a team admin)",
        tags=["Answers"],
        responses=_responses({204: None}),
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
        responses=_responses({200: AnswerSummarySerializer}),
    )
    def post(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        services.vote_cast(user=request.user, answer=answer, value=self.value)
        return self._render(answer.question, answerId, serializer=AnswerSummarySerializer)

    @extend_schema(
        summary="Withdraw a vote on an answer",
        tags=["Answers"],
        request=None,
        responses=_responses({200: AnswerSummarySerializer}),
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
        responses=_responses({200: AnswerSummarySerializer}),
    )
    def post(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        services.answer_accept(answer=answer, user=request.user)
        return self._render(answer.question, answerId, serializer=AnswerSummarySerializer)

    @extend_schema(
        summary="Withdraw the acceptance of an answer (the question's author only)",
        tags=["Answers"],
        request=None,
        responses=_responses({200: AnswerSummarySerializer}),
    )
    def delete(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        services.answer_unaccept(answer=answer, user=request.user)
        return self._render(answer.question, answerId, serializer=AnswerSummarySerializer)


# --- Comments ----------------------------------------------------------------------------

_COMMENT_POST_NOTE = (
    "Teamstack extension: the official API v3 only reads comments. The body is Markdown."
)


class QuestionCommentListApi(ContentApi):
    """`GET|POST /questions/{questionId}/comments`: a bare JSON array, as in the official
    document."""

    @extend_schema(
        summary="The comments on a question",
        tags=["Comments"],
        responses=_responses({200: CommentSerializer(many=True)}),
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
        responses=_responses({201: CommentSerializer}),
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
        responses=_responses({200: CommentSerializer(many=True)}),
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
        responses=_responses({201: CommentSerializer}),
    )
    def post(self, request, questionId, answerId, team=None):
        answer = self._answer(questionId, answerId)
        data = self.body(CommentRequestSerializer)
        comment = services.comment_create(
            question=answer.question, answer=answer, user=request.user, body=data["body"]
        )
        return Response(CommentSerializer(comment).data, status=HTTPStatus.CREATED)


# --- Tags --------------------------------------------------------------------------------


class TagListApi(ContentApi):
    """`GET /tags`."""

    list_operation = True

    @extend_schema(
        summary="List tags",
        tags=["Tags"],
        parameters=[TagListParams],
        responses=_responses({200: PaginatedTagsSerializer}),
    )
    def get(self, request, team=None):
        params = self.query(TagListParams)
        page = selectors.tag_list(
            team=request.team,
            page=params["page"],
            page_size=params["pageSize"],
            sort=params["sort"],
            order=params["order"],
            partial_name=params.get("partialName"),
        )
        return Response(
            page_data(
                page,
                item=TagSummarySerializer,
                sort=params["sort"],
                order=params["order"],
                context=self.context(),
            )
        )


class TagDetailApi(ContentApi):
    """`GET /tags/{tagId}`."""

    @extend_schema(summary="A tag", tags=["Tags"], responses=_responses({200: TagSerializer}))
    def get(self, request, tagId, team=None):
        tag = selectors.tag_get(team=request.team, tag_id=tagId)
        return Response(TagSerializer(tag, context=self.context()).data)


# --- Users -------------------------------------------------------------------------------


class UserListApi(ContentApi):
    """`GET /users`."""

    list_operation = True

    @extend_schema(
        summary="List the team's users",
        tags=["Users"],
        parameters=[UserListParams],
        responses=_responses({200: PaginatedUsersSerializer}),
    )
    def get(self, request, team=None):
        params = self.query(UserListParams)
        page = selectors.member_list(
            team=request.team,
            page=params["page"],
            page_size=params["pageSize"],
            sort=params["sort"],
            order=params["order"],
        )
        return Response(
            page_data(
                page,
                item=UserSummarySerializer,
                sort=params["sort"],
                order=params["order"],
                context=self.context(),
            )
        )


class _UserApi(ContentApi):
    def _render(self, membership) -> Response:
        request = self.request
        is_admin = membership.user_id != request.user.pk and selectors.member_is_admin(
            team=request.team, user=request.user
        )
        context = self.context(viewer_is_admin=is_admin)
        return Response(UserSerializer(membership, context=context).data)


class UserDetailApi(_UserApi):
    """`GET /users/{userId}`."""

    @extend_schema(summary="A user", tags=["Users"], responses=_responses({200: UserSerializer}))
    def get(self, request, userId, team=None):
        return self._render(member_get(team=request.team, user_id=userId))


class UserByEmailApi(_UserApi):
    """`GET /users/by-email/{email}`."""

    @extend_schema(
        summary="A user by email address",
        tags=["Users"],
        parameters=[OpenApiParameter("email", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses=_responses({200: UserSerializer}),
    )
    def get(self, request, email, team=None):
        params = EmailPathParams(data={"email": email})
        params.is_valid(raise_exception=True)
        email = params.validated_data["email"]
        return self._render(selectors.member_get_by_email(team=request.team, email=email))


class UserMeApi(_UserApi):
    """`GET /users/me`: the calling user as a member of the team."""

    @extend_schema(
        summary="The current user", tags=["Users"], responses=_responses({200: UserSerializer})
    )
    def get(self, request, team=None):
        # Called by its own name: tests/tokens/test_reporting.py patches content.api.member_get.
        return self._render(member_get(team=request.team, user_id=request.user.pk))


# --- Search ------------------------------------------------------------------------------


class SearchApi(ContentApi):
    """`GET /search?query=…`: questions of the team matching a free-text query."""

    @extend_schema(
        summary="Search questions",
        description=(
            "Full-text search over question titles, bodies and answers (PostgreSQL: "
            '`websearch` syntax, e.g. `"exact phrase" -excluded`; sort `relevance` ranks '
            "matches). Results are questions only."
        ),
        tags=["Search"],
        parameters=[SearchParams],
        responses=_responses({200: PaginatedSearchResultsSerializer}),
    )
    def get(self, request, team=None):
        params = self.query(SearchParams)
        page = selectors.question_search(
            team=request.team,
            user=request.user,
            query=params["query"],
            page=params["page"],
            page_size=params["pageSize"],
            sort=params["sort"],
        )
        return Response(
            page_data(
                page,
                item=QuestionSearchResultSerializer,
                sort=params["sort"],
                order=None,
                context=self.context(),
            )
        )
