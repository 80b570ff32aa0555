"""`Collection…` shapes of API v3."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import COLLECTION_DESCRIPTION_MAX_LENGTH, COLLECTION_MAX_ITEMS, TITLE_MAX_LENGTH
from ...selectors import COLLECTION_PERMISSIONS, COLLECTION_SORTS, MAX_ID
from ...selectors.pagination import MAX_PAGE_SIZE
from .common import (
    DateParam,
    SortedListParams,
    StrictCharField,
    StrictIntegerField,
    UserSummarySerializer,
    member_of,
    paginated,
    user_summary_data,
)
from .groups import UserGroupSerializer, people_data
from .tags import TagSummarySerializer

CONTENT_TYPES = ("unknown", "question", "article")


class CollectionContentSummarySerializer(serializers.Serializer):
    """`CollectionContentSummaryResponseModel`. Takes a `ContentEntry`."""

    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=CONTENT_TYPES)
    title = serializers.CharField()


class CollectionSummarySerializer(serializers.Serializer):
    """`CollectionsSummaryResponseModel`."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    owner = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")
    isDeleted = serializers.SerializerMethodField()
    tags = TagSummarySerializer(many=True, source="content_tags")

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_owner(self, collection):
        member = member_of(collection, "owner", "owner")
        return user_summary_data(member, self.context.get("request"))

    def get_isDeleted(self, collection) -> bool:
        return False  # deleted collections are gone


class CollectionSerializer(CollectionSummarySerializer):
    """`CollectionsResponseModel`."""

    content = CollectionContentSummarySerializer(many=True, source="content_entries")
    editorUsers = serializers.SerializerMethodField()
    editorUserGroups = UserGroupSerializer(many=True, source="editor_user_groups")

    @extend_schema_field(UserSummarySerializer(many=True))
    def get_editorUsers(self, collection):
        return people_data(collection.editor_members, self.context.get("request"))


class CollectionListParams(SortedListParams):
    SORTS = tuple(COLLECTION_SORTS)
    DEFAULT_SORT = "creation"

    permissions = serializers.ChoiceField(choices=COLLECTION_PERMISSIONS, default="all")
    authorIds = serializers.ListField(
        source="author_ids",
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=MAX_PAGE_SIZE,
        help_text="Only collections owned by these users (repeat the parameter for several).",
    )
    partialTitle = serializers.CharField(
        source="partial_title", required=False, max_length=TITLE_MAX_LENGTH
    )

    def get_fields(self):
        fields = super().get_fields()
        # `from` is a Python keyword: declared here rather than as a class attribute.
        fields["from"] = DateParam(source="from_date", required=False)
        fields["to"] = DateParam(source="to_date", required=False, end=True)
        return fields


def _ids(source: str, help_text: str, max_length: int = MAX_PAGE_SIZE * 10):
    return serializers.ListField(
        source=source,
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=max_length,
        help_text=help_text,
    )


class CollectionRequestSerializer(serializers.Serializer):
    """`CollectionRequestModel`."""

    title = StrictCharField(max_length=TITLE_MAX_LENGTH)
    description = StrictCharField(
        max_length=COLLECTION_DESCRIPTION_MAX_LENGTH,
        required=False,
        allow_blank=True,
        multiline=True,
    )
    editorUserIds = _ids("editor_user_ids", "Users who may edit the collection.")
    editorUserGroupIds = _ids(
        "editor_group_ids", "User groups whose members may edit the collection."
    )
    contentIds = _ids(
        "content_ids",
        "Questions and/or articles, in order, by id (questions, answers and articles share "
        "one id space).",
        max_length=COLLECTION_MAX_ITEMS,
    )


class EditCollectionRequestSerializer(CollectionRequestSerializer):
    """`EditCollectionRequestModel`: what is given changes, the rest stays."""

    ownerId = StrictIntegerField(
        source="owner_id", min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    title = StrictCharField(max_length=TITLE_MAX_LENGTH, required=False)


PaginatedCollectionsSerializer = paginated(
    "PaginatedCollections", CollectionSummarySerializer, COLLECTION_SORTS
)
