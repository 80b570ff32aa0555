"""`Answer…` shapes of API v3."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import BODY_MAX_LENGTH
from ...selectors import (
    ANSWER_SORTS,
)
from ...urls_paths import answer_path
from .common import (
    PostSerializer,
    SortedListParams,
    StrictCharField,
    UserSummarySerializer,
    member_of,
    paginated,
    web_url,
)


class AnswerSummarySerializer(PostSerializer):
    """`AnswerSummaryResponseModel` (exactly: the document allows no other field)."""

    id = serializers.IntegerField()
    questionId = serializers.IntegerField(source="question_id")
    body = serializers.CharField(source="body_html")
    score = serializers.IntegerField()
    isAccepted = serializers.BooleanField(source="is_accepted", default=False)
    isDeleted = serializers.SerializerMethodField()
    isBookmarked = serializers.SerializerMethodField()
    isFollowed = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")
    lockedDate = serializers.SerializerMethodField()
    lastEditDate = serializers.DateTimeField(source="last_edited_at", allow_null=True)
    lastActivityDate = serializers.DateTimeField(source="last_activity_at")
    deletionDate = serializers.SerializerMethodField()
    lastActivityUser = serializers.SerializerMethodField()
    commentCount = serializers.IntegerField(source="comment_count")
    webUrl = serializers.SerializerMethodField()
    shareLink = serializers.SerializerMethodField()
    userCanFollow = serializers.SerializerMethodField()
    canBeFollowed = serializers.SerializerMethodField()
    isSubjectMatterExpert = serializers.SerializerMethodField()

    def get_isDeleted(self, answer) -> bool:
        return False

    def get_isBookmarked(self, answer) -> bool:
        return False

    def get_isFollowed(self, answer) -> bool:
        return False

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_lockedDate(self, answer):
        return None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_deletionDate(self, answer):
        return None

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_lastActivityUser(self, answer):
        if answer.last_editor_id is not None:
            return self._summary(member_of(answer, "last_editor", "editor"))
        return self._summary(member_of(answer, "owner", "owner"))

    def _url(self, answer) -> str:
        return web_url(self.context.get("request"), answer_path, answer.question_id, answer.pk)

    def get_webUrl(self, answer) -> str:
        return self._url(answer)

    def get_shareLink(self, answer) -> str:
        return self._url(answer)

    def get_userCanFollow(self, answer) -> bool:
        return False

    def get_canBeFollowed(self, answer) -> bool:
        return False

    def get_isSubjectMatterExpert(self, answer) -> bool:
        return bool(getattr(answer, "is_subject_matter_expert", False))


class AnswerSerializer(AnswerSummarySerializer):
    """`AnswerResponseModel`."""

    bodyMarkdown = serializers.CharField(source="body_markdown")


class AnswerListParams(SortedListParams):
    SORTS = tuple(ANSWER_SORTS)
    DEFAULT_SORT = "score"


class AnswerRequestSerializer(serializers.Serializer):
    """`AnswerRequestModel`."""

    body = StrictCharField(max_length=BODY_MAX_LENGTH, multiline=True, help_text="Markdown.")


PaginatedAnswersSerializer = paginated("PaginatedAnswers", AnswerSummarySerializer, ANSWER_SORTS)
