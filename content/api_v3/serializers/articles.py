"""`Article…` shapes of API v3."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import (
    BODY_MAX_LENGTH,
    TAG_NAME_MAX_LENGTH,
    TAG_NAME_MESSAGE,
    TAG_NAME_PATTERN,
    TITLE_MAX_LENGTH,
    Article,
)
from ...selectors import ARTICLE_SORTS, MAX_ID
from ...urls_paths import article_path
from .common import (
    Member,
    PostListParams,
    PostSerializer,
    StrictCharField,
    StrictIntegerField,
    StrictRegexField,
    UserSummarySerializer,
    paginated,
    user_summary_data,
    web_url,
)
from .tags import TagSummarySerializer


class ArticleSummarySerializer(PostSerializer):
    """`ArticleSummaryResponseModel`. `owner` and `lastEditor` are left out when there is
    none (a deleted account, an article never edited): the official schema has them as
    non-nullable user summaries, and our schema lists them as optional (`omitted_when_none`,
    read by `ContentAutoSchema`)."""

    omitted_when_none = ("owner", "lastEditor")

    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=Article.Type.values)
    title = serializers.CharField()
    body = serializers.CharField(source="body_html")
    tags = TagSummarySerializer(many=True, source="tags.all")
    creationDate = serializers.DateTimeField(source="created_at")
    lastActivityDate = serializers.DateTimeField(source="last_activity_at", allow_null=True)
    score = serializers.IntegerField()
    viewCount = serializers.IntegerField(source="view_count")
    webUrl = serializers.SerializerMethodField()
    shareUrl = serializers.SerializerMethodField()
    isDeleted = serializers.SerializerMethodField()
    isObsolete = serializers.SerializerMethodField()
    isClosed = serializers.SerializerMethodField()

    @extend_schema_field(UserSummarySerializer)
    def get_owner(self, article):
        return super().get_owner(article)

    @extend_schema_field(UserSummarySerializer)
    def get_lastEditor(self, article):
        return super().get_lastEditor(article)

    def to_representation(self, article):
        data = super().to_representation(article)
        for optional in self.omitted_when_none:
            if data.get(optional) is None:
                data.pop(optional, None)
        return data

    def get_webUrl(self, article) -> str:
        return web_url(self.context.get("request"), article_path, article.pk)

    def get_shareUrl(self, article) -> str:
        return web_url(self.context.get("request"), article_path, article.pk)

    def get_isDeleted(self, article) -> bool:
        return False

    def get_isObsolete(self, article) -> bool:
        return False

    def get_isClosed(self, article) -> bool:
        return False


class ArticleEditorGroupSerializer(serializers.Serializer):
    """A user group as `ArticlePermissionsResponseModel.editorUserGroups` shows it (the
    official `UserGroupResponseModel`: id, name, description, users)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    users = UserSummarySerializer(many=True)


class ArticlePermissionsSerializer(serializers.Serializer):
    """`ArticlePermissionsResponseModel`."""

    editableBy = serializers.ChoiceField(choices=Article.EditableBy.values)
    editorUsers = UserSummarySerializer(many=True)
    editorUserGroups = ArticleEditorGroupSerializer(many=True)


class ArticleSerializer(ArticleSummarySerializer):
    """`ArticleResponseModel` (takes an article from `selectors.article_get`)."""

    communities = serializers.SerializerMethodField()
    bodyMarkdown = serializers.CharField(source="body_markdown")
    userIsFollowing = serializers.SerializerMethodField()
    userHasUpvoted = serializers.BooleanField(source="user_has_upvoted", default=False)
    userHasDownvoted = serializers.SerializerMethodField()
    userCanEdit = serializers.BooleanField(source="user_can_edit", default=False)
    permissions = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_communities(self, article):
        return []

    def get_userIsFollowing(self, article) -> bool:
        return False

    def get_userHasDownvoted(self, article) -> bool:
        return False  # articles cannot be downvoted

    @extend_schema_field(ArticlePermissionsSerializer)
    def get_permissions(self, article):
        request = self.context.get("request")
        users = [
            user_summary_data(_member(user, user.member_reputation, user.member_role), request)
            for user in getattr(article, "editor_members", [])
        ]
        groups = {}
        for row in getattr(article, "editor_group_rows", []):
            group = groups.setdefault(
                row["pk"],
                {
                    "id": row["pk"],
                    "name": row["name"],
                    "description": row["description"],
                    "users": [],
                },
            )
            if row["members__pk"] is not None:
                user = _group_member(row)
                member = _member(user, row["member_reputation"], row["member_role"])
                group["users"].append(user_summary_data(member, request))
        return {
            "editableBy": article.editable_by,
            "editorUsers": users,
            "editorUserGroups": list(groups.values()),
        }


def _member(user, reputation, role) -> Member:
    return Member(user=user, reputation=reputation if reputation is not None else 1, role=role)


def _group_member(row: dict):
    """The user of a group-member row (only what a user summary shows)."""
    return get_user_model()(
        pk=row["members__pk"],
        username=row["members__username"],
        first_name=row["members__first_name"],
        last_name=row["members__last_name"],
        display_name=row["members__display_name"],
    )


class ArticleListParams(PostListParams):
    SORTS = tuple(ARTICLE_SORTS)
    DEFAULT_SORT = "activity"


class ArticlePermissionsRequestSerializer(serializers.Serializer):
    """`ArticlePermissionsRequestModel`."""

    editableBy = serializers.ChoiceField(
        source="editable_by",
        choices=Article.EditableBy.values,
        default=Article.EditableBy.OWNER_ONLY,
    )
    editorUserIds = serializers.ListField(
        source="editor_user_ids",
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        default=list,
        max_length=100,
    )
    editorUserGroupIds = serializers.ListField(
        source="editor_group_ids",
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        default=list,
        max_length=100,
    )


class ArticleRequestSerializer(serializers.Serializer):
    """`ArticleRequestModel`: a new article, or all of an edited one."""

    title = StrictCharField(max_length=TITLE_MAX_LENGTH)
    body = StrictCharField(max_length=BODY_MAX_LENGTH, multiline=True, help_text="Markdown.")
    tags = serializers.ListField(
        child=StrictRegexField(
            TAG_NAME_PATTERN,
            max_length=TAG_NAME_MAX_LENGTH,
            error_messages={"invalid": TAG_NAME_MESSAGE},
        ),
        min_length=1,
        max_length=5,
    )
    type = serializers.ChoiceField(choices=Article.Type.values)
    permissions = ArticlePermissionsRequestSerializer()


PaginatedArticlesSerializer = paginated(
    "PaginatedArticles", ArticleSummarySerializer, ARTICLE_SORTS
)
