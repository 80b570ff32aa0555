"""Search result shapes of API v3."""

from django.utils.html import strip_tags
from django.utils.text import Truncator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...selectors import (
    SEARCH_SORTS,
)
from .common import (
    ListParams,
    UserSummarySerializer,
    absolute_url,
    member_of,
    paginated,
    user_summary_data,
)
from .questions import question_path
from .tags import TagSummarySerializer

SNIPPET_LENGTH = 200


class QuestionSearchResultSerializer(serializers.Serializer):
    """`QuestionSearchResultModel`."""

    type = serializers.SerializerMethodField()
    questionId = serializers.IntegerField(source="id")
    title = serializers.CharField()
    snippet = serializers.SerializerMethodField()
    tags = TagSummarySerializer(many=True, source="tags.all")
    owner = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")
    score = serializers.IntegerField()
    webUrl = serializers.SerializerMethodField()
    answerCount = serializers.IntegerField(source="answer_count")
    hasAcceptedAnswer = serializers.SerializerMethodField()
    viewCount = serializers.IntegerField(source="view_count")

    def get_type(self, question) -> str:
        return "question"

    def get_snippet(self, question) -> str:
        return Truncator(strip_tags(question.body_html).strip()).chars(SNIPPET_LENGTH)

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_owner(self, question):
        return user_summary_data(member_of(question, "owner", "owner"), self.context.get("request"))

    def get_webUrl(self, question) -> str:
        return absolute_url(self.context.get("request"), question_path(question.pk))

    def get_hasAcceptedAnswer(self, question) -> bool:
        return question.accepted_answer_id is not None


class SearchParams(ListParams):
    query = serializers.CharField(max_length=500, allow_blank=True, default="")
    sort = serializers.ChoiceField(choices=SEARCH_SORTS, default="relevance")


PaginatedSearchResultsSerializer = paginated(
    "PaginatedSearchResults", QuestionSearchResultSerializer, SEARCH_SORTS, with_order=False
)
