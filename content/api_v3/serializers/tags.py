"""`Tag…` shapes of API v3."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from teams.models import Membership

from ...models import TAG_NAME_MAX_LENGTH
from ...selectors import (
    MAX_ID,
    TAG_SORTS,
)
from ...urls_paths import tag_path
from .common import (
    BooleanParam,
    Member,
    SortedListParams,
    StrictIntegerField,
    UserSummarySerializer,
    paginated,
    user_summary_data,
    web_url,
)

MAX_SME_IDS = 500
UNKNOWN_FIELD_MESSAGE = "Unknown field."


def member_summaries(users, request) -> list[dict]:
    """`UserSummaryResponseModel`s of users annotated with `member_reputation` and
    `member_role` (see `selectors.tags._members`)."""
    return [user_summary_data(member_of_user(user), request) for user in users]


def member_of_user(user) -> Member:
    reputation = getattr(user, "member_reputation", None)
    role = getattr(user, "member_role", None) or Membership.Role.MEMBER
    return Member(user=user, reputation=reputation if reputation is not None else 1, role=role)


class TagSummarySerializer(serializers.Serializer):
    """`TagSummaryResponseModel`. Takes a tag annotated by `selectors.tag_annotations()`.

    `subjectMatterExpertCount` counts distinct users: the tag's SME users plus the members
    of its SME groups, a user in both counted once (the official definition)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    postCount = serializers.IntegerField(source="post_count")
    subjectMatterExpertCount = serializers.IntegerField(source="sme_count", default=0)
    watcherCount = serializers.IntegerField(source="watcher_count", default=0)
    creationDate = serializers.DateTimeField(source="created_at")
    hasSynonyms = serializers.BooleanField(source="has_synonyms", default=False)
    webUrl = serializers.SerializerMethodField()

    def get_webUrl(self, tag) -> str:
        return web_url(self.context.get("request"), tag_path, tag.name)


class SubjectMatterExpertGroupSerializer(serializers.Serializer):
    """`UserGroupResponseModel` of an SME group. Takes a group with `member_list`."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    users = serializers.SerializerMethodField()

    @extend_schema_field(UserSummarySerializer(many=True))
    def get_users(self, group):
        return member_summaries(group.member_list, self.context.get("request"))


class SubjectMatterExpertsSerializer(serializers.Serializer):
    """`SubjectMatterExpertResponseModel`. Takes a tag from `selectors.tag_smes_get`."""

    users = serializers.SerializerMethodField()
    userGroups = SubjectMatterExpertGroupSerializer(many=True, source="sme_group_list")

    @extend_schema_field(UserSummarySerializer(many=True))
    def get_users(self, tag):
        return member_summaries(tag.sme_user_list, self.context.get("request"))


class TagSerializer(TagSummarySerializer):
    """`TagResponseModel`. Takes a tag from `selectors.tag_get`."""

    subjectMatterExperts = serializers.SerializerMethodField()

    @extend_schema_field(SubjectMatterExpertsSerializer)
    def get_subjectMatterExperts(self, tag):
        return SubjectMatterExpertsSerializer(tag, context=self.context).data


class TagWatchersSerializer(serializers.Serializer):
    """`TagWatchersResponseModel`. Takes the list of `selectors.tag_watcher_list`."""

    users = serializers.SerializerMethodField()

    @extend_schema_field(UserSummarySerializer(many=True))
    def get_users(self, watchers):
        return member_summaries(watchers, self.context.get("request"))


class SubjectMatterExpertRequestSerializer(serializers.Serializer):
    """`SubjectMatterExpertRequestModel` of `PUT …/subject-matter-experts`: the complete
    new set (an absent list is empty). Unknown fields are a 400, as the official model
    has `additionalProperties: false`."""

    userIds = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        source="user_ids",
        required=False,
        default=list,
        max_length=MAX_SME_IDS,
    )
    userGroupIds = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        source="group_ids",
        required=False,
        default=list,
        max_length=MAX_SME_IDS,
    )

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: [UNKNOWN_FIELD_MESSAGE] for name in sorted(unknown)}
            )
        return attrs


def id_list(data, *, field_name: str) -> list[int]:
    """The body of `POST …/subject-matter-experts/users` (or `/user-groups`): a JSON array
    of ids. Errors are keyed by `field_name` (`userIds`, `userGroupIds`)."""
    field = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=MAX_SME_IDS,
    )
    try:
        return field.run_validation(data)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({field_name: exc.detail}) from None


class TagListParams(SortedListParams):
    SORTS = tuple(TAG_SORTS)
    DEFAULT_SORT = "postCount"
    ASCENDING_BY_DEFAULT = ("name",)

    partialName = serializers.CharField(
        source="partial_name", required=False, max_length=TAG_NAME_MAX_LENGTH
    )
    hasSmes = BooleanParam(
        source="has_smes",
        required=False,
        help_text="Only tags with (true) or without (false) subject matter experts.",
    )
    hasSynonyms = BooleanParam(
        source="has_synonyms",
        required=False,
        help_text="Only tags with (true) or without (false) synonyms.",
    )


PaginatedTagsSerializer = paginated("PaginatedTags", TagSummarySerializer, TAG_SORTS)
