"""API v3: tags."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from .. import selectors
from .base import ContentApi, ListApi, responses
from .serializers.tags import (
    PaginatedTagsSerializer,
    TagListParams,
    TagSerializer,
    TagSummarySerializer,
)


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
