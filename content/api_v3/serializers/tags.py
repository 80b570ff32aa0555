"""`Tag…` shapes of API v3."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import TAG_NAME_MAX_LENGTH
from ...selectors import (
    TAG_SORTS,
)
from .common import SortedListParams, UserSummarySerializer, absolute_url, paginated

TAG_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9+#.\-]*$"
TAG_NAME_MESSAGE = (
    "A tag is letters, digits and + # . - (starting with a letter or a digit), "
    f"at most {TAG_NAME_MAX_LENGTH} characters."
)


class TagSummarySerializer(serializers.Serializer):
    """`TagSummaryResponseModel`."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    postCount = serializers.IntegerField(source="post_count")
    subjectMatterExpertCount = serializers.SerializerMethodField()
    watcherCount = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")
    hasSynonyms = serializers.SerializerMethodField()
    webUrl = serializers.SerializerMethodField()

    def get_subjectMatterExpertCount(self, tag) -> int:
        return 0

    def get_watcherCount(self, tag) -> int:
        return 0

    def get_hasSynonyms(self, tag) -> bool:
        return False

    def get_webUrl(self, tag) -> str:
        return absolute_url(self.context.get("request"), f"/questions/tagged/{tag.name}/")


class SubjectMatterExpertsSerializer(serializers.Serializer):
    users = UserSummarySerializer(many=True)
    userGroups = serializers.ListField(child=serializers.DictField())


class TagSerializer(TagSummarySerializer):
    """`TagResponseModel` (subject matter experts are not modelled yet: always empty)."""

    subjectMatterExperts = serializers.SerializerMethodField()

    @extend_schema_field(SubjectMatterExpertsSerializer)
    def get_subjectMatterExperts(self, tag):
        return {"users": [], "userGroups": []}


class TagListParams(SortedListParams):
    SORTS = tuple(TAG_SORTS)
    DEFAULT_SORT = "postCount"
    ASCENDING_BY_DEFAULT = ("name",)

    partialName = serializers.CharField(
        source="partial_name", required=False, max_length=TAG_NAME_MAX_LENGTH
    )


PaginatedTagsSerializer = paginated("PaginatedTags", TagSummarySerializer, TAG_SORTS)
