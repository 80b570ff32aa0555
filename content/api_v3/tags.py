"""API v3: tags, their subject matter experts and watchers."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.response import Response

from .. import selectors, services
from .base import ContentApi, ListApi, responses
from .serializers.tags import (
    PaginatedTagsSerializer,
    SubjectMatterExpertRequestSerializer,
    SubjectMatterExpertsSerializer,
    TagListParams,
    TagSerializer,
    TagSummarySerializer,
    TagWatchersSerializer,
    id_list,
)

SME_TAG = "Subject Matter Experts"
ID_ARRAY = {"type": "array", "items": {"type": "integer", "format": "int32"}}


@extend_schema_view(
    get=extend_schema(
        summary="List tags",
        tags=["Tags"],
        parameters=[TagListParams],
        responses=responses({200: PaginatedTagsSerializer}),
    )
)
class TagListApi(ListApi):
    """`GET /tags`."""

    params_class = TagListParams
    item_serializer = TagSummarySerializer
    selector = selectors.tag_list


class TagDetailApi(ContentApi):
    """`GET /tags/{tagId}`."""

    @extend_schema(summary="A tag", tags=["Tags"], responses=responses({200: TagSerializer}))
    def get(self, request, tagId, team=None):
        tag = selectors.tag_get(team=request.team, tag_id=tagId)
        return Response(TagSerializer(tag, context=self.context()).data)


class _SmeApi(ContentApi):
    def _smes(self, tag_id: int) -> Response:
        tag = selectors.tag_smes_get(team=self.request.team, tag_id=tag_id)
        return Response(SubjectMatterExpertsSerializer(tag, context=self.context()).data)

    def _tag(self, tag_id: int):
        return selectors.tag_get_for_write(team=self.request.team, tag_id=tag_id)


class TagSmeApi(_SmeApi):
    """`GET|PUT /tags/{tagId}/subject-matter-experts` (PUT: team admins only)."""

    @extend_schema(
        summary="The subject matter experts of a tag",
        tags=[SME_TAG],
        responses=responses({200: SubjectMatterExpertsSerializer}),
    )
    def get(self, request, tagId, team=None):
        return self._smes(tagId)

    @extend_schema(
        summary="Replace the subject matter experts of a tag",
        tags=[SME_TAG],
        request=SubjectMatterExpertRequestSerializer,
        responses=responses({200: SubjectMatterExpertsSerializer}),
    )
    def put(self, request, tagId, team=None):
        tag = self._tag(tagId)
        data = self.body(SubjectMatterExpertRequestSerializer)
        services.tag_smes_replace(tag=tag, user=request.user, **data)
        return self._smes(tagId)


class TagSmeUsersAddApi(_SmeApi):
    """`POST /tags/{tagId}/subject-matter-experts/users`: a JSON array of user ids."""

    @extend_schema(
        summary="Add users as subject matter experts of a tag",
        tags=[SME_TAG],
        request={"application/json": ID_ARRAY},
        responses=responses({200: SubjectMatterExpertsSerializer}),
    )
    def post(self, request, tagId, team=None):
        tag = self._tag(tagId)
        user_ids = id_list(request.data, field_name="userIds")
        services.tag_smes_add(tag=tag, user=request.user, user_ids=user_ids)
        return self._smes(tagId)


class TagSmeGroupsAddApi(_SmeApi):
    """`POST /tags/{tagId}/subject-matter-experts/user-groups`: a JSON array of group ids."""

    @extend_schema(
        summary="Add user groups as subject matter experts of a tag",
        tags=[SME_TAG],
        request={"application/json": ID_ARRAY},
        responses=responses({200: SubjectMatterExpertsSerializer}),
    )
    def post(self, request, tagId, team=None):
        tag = self._tag(tagId)
        group_ids = id_list(request.data, field_name="userGroupIds")
        services.tag_smes_add(tag=tag, user=request.user, group_ids=group_ids)
        return self._smes(tagId)


class TagSmeUserRemoveApi(_SmeApi):
    """`DELETE /tags/{tagId}/subject-matter-experts/users/{userId}`."""

    @extend_schema(
        summary="Remove a user as subject matter expert of a tag",
        tags=[SME_TAG],
        responses=responses({204: OpenApiResponse(description="Removed")}),
    )
    def delete(self, request, tagId, userId, team=None):
        tag = self._tag(tagId)
        selectors.check_id(userId)
        services.tag_sme_user_remove(tag=tag, user=request.user, user_id=userId)
        return Response(status=204)


class TagSmeGroupRemoveApi(_SmeApi):
    """`DELETE /tags/{tagId}/subject-matter-experts/user-groups/{userGroupId}`."""

    @extend_schema(
        summary="Remove a user group as subject matter experts of a tag",
        tags=[SME_TAG],
        responses=responses({204: OpenApiResponse(description="Removed")}),
    )
    def delete(self, request, tagId, userGroupId, team=None):
        tag = self._tag(tagId)
        selectors.check_id(userGroupId)
        services.tag_sme_group_remove(tag=tag, user=request.user, group_id=userGroupId)
        return Response(status=204)


class TagWatchersApi(ContentApi):
    """`GET /tags/{tagId}/tag-watchers`."""

    @extend_schema(
        summary="The users watching a tag",
        tags=["Tags"],
        responses=responses({200: TagWatchersSerializer}),
    )
    def get(self, request, tagId, team=None):
        watchers = selectors.tag_watcher_list(team=request.team, tag_id=tagId)
        return Response(TagWatchersSerializer(watchers, context=self.context()).data)


class UserWatchedTagsApi(ContentApi):
    """`GET /users/{userId}/watched-tags`: the tags a member watches.

    An array of `TagSummaryResponseModel`: the official document names a single
    `TagSummaryResponseModel` as the response of this "list of tags watched by user",
    which cannot carry more than one tag; a list is what the operation describes.
    """

    @extend_schema(
        summary="The tags a user watches",
        tags=["Users"],
        responses=responses({200: TagSummarySerializer(many=True)}),
    )
    def get(self, request, userId, team=None):
        tags = selectors.watched_tag_list(team=request.team, user_id=userId)
        return Response(TagSummarySerializer(tags, many=True, context=self.context()).data)
