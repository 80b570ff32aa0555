"""API v3: articles, their upvotes, comments and linked questions."""

from http import HTTPStatus

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from .. import selectors, services
from .base import ContentApi, ListApi, responses
from .comments import _COMMENT_POST_NOTE
from .serializers.articles import (
    ArticleListParams,
    ArticleRequestSerializer,
    ArticleSerializer,
    ArticleSummarySerializer,
    PaginatedArticlesSerializer,
)
from .serializers.comments import CommentRequestSerializer, CommentSerializer
from .serializers.links import (
    LinkedOrRelatedQuestionsParams,
    PaginatedLinkedOrRelatedQuestionsSerializer,
)
from .serializers.questions import QuestionSummarySerializer


class _ArticleApi(ContentApi):
    def _render(self, article_id: int, status=HTTPStatus.OK) -> Response:
        article = selectors.article_get(
            team=self.request.team, user=self.request.user, article_id=article_id
        )
        return Response(ArticleSerializer(article, context=self.context()).data, status=status)

    def _article(self, article_id: int):
        return selectors.article_get_for_write(team=self.request.team, article_id=article_id)

    def _fields(self) -> dict:
        """The request body as the services' keyword arguments."""
        data = self.body(ArticleRequestSerializer)
        return {
            "title": data["title"],
            "body": data["body"],
            "tags": data["tags"],
            "type": data["type"],
            **data["permissions"],
        }


@extend_schema_view(
    get=extend_schema(
        summary="List articles",
        description=(
            "Date filters (`from`, `to`) take `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (UTC) or an ISO "
            "8601 date-time with or without a zone (UTC when none); a year, month or day as "
            "`to` covers the whole of it."
        ),
        tags=["Articles"],
        parameters=[ArticleListParams],
        responses=responses({200: PaginatedArticlesSerializer}),
    )
)
class ArticleListApi(ListApi, _ArticleApi):
    """`GET|POST /articles`."""

    params_class = ArticleListParams
    item_serializer = ArticleSummarySerializer
    selector = selectors.article_list

    @extend_schema(
        summary="Write an article",
        description=(
            "Tags (1 to 5) are created in the team when new. Editors "
            "(`permissions.editorUserIds`, `editorUserGroupIds`) must be members and user "
            'groups of the team, and are only given with `editableBy` "specificEditors".'
        ),
        tags=["Articles"],
        request=ArticleRequestSerializer,
        responses=responses({201: ArticleSerializer}),
    )
    def post(self, request, team=None):
        article = services.article_create(team=request.team, user=request.user, **self._fields())
        return self._render(article.pk, status=HTTPStatus.CREATED)


class ArticleDetailApi(_ArticleApi):
    """`GET|PUT|DELETE /articles/{articleId}`."""

    @extend_schema(
        summary="An article", tags=["Articles"], responses=responses({200: ArticleSerializer})
    )
    def get(self, request, articleId, team=None):
        return self._render(articleId)

    @extend_schema(
        summary="Edit an article",
        description=(
            "Its author and team admins may edit it, and, as `permissions.editableBy` says, "
            "everyone in the team or the named editor users and members of the named editor "
            "groups. Only its author or a team admin may change its permissions."
        ),
        tags=["Articles"],
        request=ArticleRequestSerializer,
        responses=responses({200: ArticleSerializer}),
    )
    def put(self, request, articleId, team=None):
        article = self._article(articleId)
        services.article_update(article=article, user=request.user, **self._fields())
        return self._render(articleId)

    @extend_schema(
        summary="Delete an article (its author or a team admin)",
        tags=["Articles"],
        responses=responses({204: None}),
    )
    def delete(self, request, articleId, team=None):
        services.article_delete(article=self._article(articleId), user=request.user)
        return Response(status=HTTPStatus.NO_CONTENT)


class ArticleUpvoteApi(_ArticleApi):
    """`POST|DELETE /articles/{articleId}/upvote`."""

    @extend_schema(
        summary="Upvote an article (idempotent; not one's own)",
        tags=["Articles"],
        request=None,
        responses=responses({200: ArticleSerializer}),
    )
    def post(self, request, articleId, team=None):
        services.article_upvote(article=self._article(articleId), user=request.user)
        return self._render(articleId)

    @extend_schema(
        summary="Withdraw an upvote of an article",
        tags=["Articles"],
        request=None,
        responses=responses({200: ArticleSerializer}),
    )
    def delete(self, request, articleId, team=None):
        services.article_upvote_withdraw(article=self._article(articleId), user=request.user)
        return self._render(articleId)


@extend_schema_view(
    get=extend_schema(
        summary="The questions linked with an article",
        description=(
            "Questions of the team that the article's body links to (`/questions/<id>/…`), "
            'and questions whose bodies link to the article (`/articles/<id>/…`). Sort "hot" '
            "is served as the score."
        ),
        tags=["Articles"],
        parameters=[LinkedOrRelatedQuestionsParams],
        responses=responses({200: PaginatedLinkedOrRelatedQuestionsSerializer}),
    )
)
class ArticleLinkedQuestionListApi(ListApi, _ArticleApi):
    """`GET /articles/{articleId}/linked-questions`."""

    params_class = LinkedOrRelatedQuestionsParams
    item_serializer = QuestionSummarySerializer
    selector = selectors.article_linked_questions

    def selector_scope(self, *, articleId) -> dict:
        return {"article": self._article(articleId), "user": self.request.user}


class ArticleCommentListApi(_ArticleApi):
    """`GET|POST /articles/{articleId}/comments`: a bare JSON array, as in the official
    document."""

    @extend_schema(
        summary="The comments on an article",
        tags=["Comments"],
        responses=responses({200: CommentSerializer(many=True)}),
    )
    def get(self, request, articleId, team=None):
        comments = selectors.article_comment_list(article=self._article(articleId))
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(
        summary="Comment on an article",
        description=_COMMENT_POST_NOTE,
        tags=["Comments"],
        request=CommentRequestSerializer,
        responses=responses({201: CommentSerializer}),
    )
    def post(self, request, articleId, team=None):
        article = self._article(articleId)
        data = self.body(CommentRequestSerializer)
        comment = services.comment_create(article=article, user=request.user, body=data["body"])
        return Response(CommentSerializer(comment).data, status=HTTPStatus.CREATED)
