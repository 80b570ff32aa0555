"""`UserGroup…` shapes of API v3."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from teams.models import Membership

from ...models import GROUP_DESCRIPTION_MAX_LENGTH, GROUP_NAME_MAX_LENGTH
from ...selectors import MAX_ID, USER_GROUP_SORTS
from ...selectors.pagination import MAX_PAGE_SIZE
from .common import (
    Member,
    SortedListParams,
    StrictCharField,
    StrictIntegerField,
    UserSummarySerializer,
    paginated,
    user_summary_data,
)


def people_data(users, request) -> list[dict]:
    """User summaries of users annotated with `member_reputation` and `member_role`."""
    return [
        user_summary_data(
            Member(
                user=user,
                reputation=user.member_reputation or 1,
                role=user.member_role or Membership.Role.MEMBER,
            ),
            request,
        )
        for user in users
    ]


class UserGroupSerializer(serializers.Serializer):
    """`UserGroupResponseModel`. Takes a group with `members_in_team` (see the selectors)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    users = serializers.SerializerMethodField()

    @extend_schema_field(UserSummarySerializer(many=True))
    def get_users(self, group):
        return people_data(group.members_in_team, self.context.get("request"))


class UserGroupListParams(SortedListParams):
    SORTS = USER_GROUP_SORTS
    DEFAULT_SORT = "name"
    ASCENDING_BY_DEFAULT = ("name",)


def user_ids_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        max_length=MAX_PAGE_SIZE * 10,
        **kwargs,
    )


class UserGroupRequestSerializer(serializers.Serializer):
    """`UserGroupRequestModel`."""

    name = StrictCharField(max_length=GROUP_NAME_MAX_LENGTH)
    description = StrictCharField(
        max_length=GROUP_DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True, multiline=True
    )
    userIds = user_ids_field(source="user_ids", required=False)


# The body of `POST /user-groups/{userGroupId}/members`: a bare JSON array of user ids.
MemberIdsField = user_ids_field

PaginatedUserGroupsSerializer = paginated(
    "PaginatedUserGroups", UserGroupSerializer, USER_GROUP_SORTS
)
