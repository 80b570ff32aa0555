"""API v3: user groups. Any member reads them; team admins change them (see the services)."""

from http import HTTPStatus

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from .. import selectors, services
from .base import ContentApi, ListApi, responses
from .serializers.groups import (
    MemberIdsField,
    PaginatedUserGroupsSerializer,
    UserGroupListParams,
    UserGroupRequestSerializer,
    UserGroupSerializer,
)

TAGS = ["User groups"]


class _UserGroupApi(ContentApi):
    def _render(self, group_id: int, status=HTTPStatus.OK) -> Response:
        group = selectors.user_group_get(team=self.request.team, user_group_id=group_id)
        return Response(UserGroupSerializer(group, context=self.context()).data, status=status)

    def _group(self, group_id: int):
        return selectors.user_group_get_for_write(team=self.request.team, user_group_id=group_id)


@extend_schema_view(
    get=extend_schema(
        summary="List user groups",
        tags=TAGS,
        parameters=[UserGroupListParams],
        responses=responses({200: PaginatedUserGroupsSerializer}),
    )
)
class UserGroupListApi(ListApi, _UserGroupApi):
    """`GET|POST /user-groups`."""

    params_class = UserGroupListParams
    item_serializer = UserGroupSerializer
    selector = selectors.user_group_list

    @extend_schema(
        summary="Create a user group (team admins)",
        tags=TAGS,
        request=UserGroupRequestSerializer,
        responses=responses({201: UserGroupSerializer}),
    )
    def post(self, request, team=None):
        data = self.body(UserGroupRequestSerializer)
        group = services.user_group_create(
            team=request.team,
            user=request.user,
            name=data["name"],
            description=data.get("description", ""),
            user_ids=data.get("user_ids", ()),
        )
        return self._render(group.pk, status=HTTPStatus.CREATED)


class UserGroupDetailApi(_UserGroupApi):
    """`GET|PUT /user-groups/{userGroupId}`."""

    @extend_schema(
        summary="A user group", tags=TAGS, responses=responses({200: UserGroupSerializer})
    )
    def get(self, request, userGroupId, team=None):
        return self._render(userGroupId)

    @extend_schema(
        summary="Update a user group (team admins)",
        tags=TAGS,
        request=UserGroupRequestSerializer,
        responses=responses({200: UserGroupSerializer}),
    )
    def put(self, request, userGroupId, team=None):
        group = self._group(userGroupId)
        data = self.body(UserGroupRequestSerializer)
        services.user_group_update(
            group=group,
            user=request.user,
            name=data["name"],
            description=data.get("description"),
            user_ids=data.get("user_ids"),
        )
        return self._render(userGroupId)


class UserGroupMembersApi(_UserGroupApi):
    """`POST /user-groups/{userGroupId}/members`: the body is a bare JSON array of user ids,
    as in the official document (`[123, 456]`)."""

    @extend_schema(
        summary="Add members to a user group (team admins)",
        tags=TAGS,
        request=serializers.ListSerializer(child=serializers.IntegerField()),
        responses=responses({200: UserGroupSerializer}),
    )
    def post(self, request, userGroupId, team=None):
        group = self._group(userGroupId)
        try:
            user_ids = MemberIdsField().run_validation(request.data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({"userIds": error.detail}) from error
        services.user_group_members_add(group=group, user=request.user, user_ids=user_ids)
        return self._render(userGroupId)


class UserGroupMemberApi(_UserGroupApi):
    """`DELETE /user-groups/{userGroupId}/members/{userId}`."""

    @extend_schema(
        summary="Remove a member from a user group (team admins)",
        tags=TAGS,
        responses=responses({200: UserGroupSerializer}),
    )
    def delete(self, request, userGroupId, userId, team=None):
        group = self._group(userGroupId)
        selectors.check_id(userId)
        services.user_group_member_remove(group=group, user=request.user, member_id=userId)
        return self._render(userGroupId)
