"""`Question…` shapes of API v3."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import (
    BODY_MAX_LENGTH,
    TAG_NAME_MAX_LENGTH,
    TAG_NAME_MESSAGE,
    TAG_NAME_PATTERN,
    TITLE_MAX_LENGTH,
)
from ...selectors import (
    MAX_ID,
    QUESTION_SORTS,
)
from ...selectors.pagination import MAX_PAGE_SIZE
from ...urls_paths import question_path
from .common import (
    BooleanParam,
    PostListParams,
    PostSerializer,
    StrictCharField,
    StrictIntegerField,
    StrictRegexField,
    paginated,
    web_url,
)
from .tags import TagSummarySerializer


class QuestionSummarySerializer(PostSerializer):
    """`QuestionSummaryResponseModel`."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField(source="body_html")
    tags = TagSummarySerializer(many=True, source="tags.all")
    creationDate = serializers.DateTimeField(source="created_at")
    lastActivityDate = serializers.DateTimeField(source="last_activity_at")
    score = serializers.IntegerField()
    isAnswered = serializers.BooleanField(source="is_answered")
    answerCount = serializers.IntegerField(source="answer_count")
    viewCount = serializers.IntegerField(source="view_count")
    webUrl = serializers.SerializerMethodField()
    shareUrl = serializers.SerializerMethodField()
    isDeleted = serializers.SerializerMethodField()
    isObsolete = serializers.SerializerMethodField()
    isClosed = serializers.SerializerMethodField()
    bounty = serializers.SerializerMethodField()

    def get_webUrl(self, question) -> str:
        return web_url(self.context.get("request"), question_path, question.pk)

    def get_shareUrl(self, question) -> str:
        return web_url(self.context.get("request"), question_path, question.pk)

    def get_isDeleted(self, question) -> bool:
        return False

    def get_isObsolete(self, question) -> bool:
        return False

    def get_isClosed(self, question) -> bool:
        return False

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_bounty(self, question):
        return None


class QuestionSerializer(QuestionSummarySerializer):
    """`QuestionResponseModel`."""

    bodyMarkdown = serializers.CharField(source="body_markdown")
    communities = serializers.SerializerMethodField()
    mentionedUsers = serializers.SerializerMethodField()
    mentionedUserGroups = serializers.SerializerMethodField()
    userIsFollowing = serializers.SerializerMethodField()
    userHasUpvoted = serializers.BooleanField(source="user_has_upvoted", default=False)
    userHasDownvoted = serializers.BooleanField(source="user_has_downvoted", default=False)
    userHasBookmarked = serializers.BooleanField(source="user_has_bookmarked", default=False)

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_communities(self, question):
        return []

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_mentionedUsers(self, question):
        return []

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_mentionedUserGroups(self, question):
        return []

    def get_userIsFollowing(self, question) -> bool:
        return False


class QuestionListParams(PostListParams):
    SORTS = tuple(QUESTION_SORTS)
    DEFAULT_SORT = "activity"

    isAnswered = BooleanParam(source="is_answered", required=False)
    hasAcceptedAnswer = BooleanParam(source="has_accepted_answer", required=False)
    questionId = serializers.ListField(
        source="question_ids",
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=MAX_PAGE_SIZE,
        help_text="Only these questions (repeat the parameter for several).",
    )


class QuestionRequestSerializer(serializers.Serializer):
    """`QuestionRequestModel`: a new question, or all of an edited one."""

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


PaginatedQuestionsSerializer = paginated(
    "PaginatedQuestions", QuestionSummarySerializer, QUESTION_SORTS
)
