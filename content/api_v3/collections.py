"""API v3: collections. Any member reads them; who changes one is decided by the services."""

from http import HTTPStatus

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from .. import selectors, services
from .base import ContentApi, ListApi, responses
from .serializers.collections import (
    CollectionListParams,
    CollectionRequestSerializer,
    CollectionSerializer,
    CollectionSummarySerializer,
    EditCollectionRequestSerializer,
    PaginatedCollectionsSerializer,
)

TAGS = ["Collections"]


class _CollectionApi(ContentApi):
    def _render(self, collection_id: int, status=HTTPStatus.OK) -> Response:
        collection = selectors.collection_get(team=self.request.team, collection_id=collection_id)
        return Response(
            CollectionSerializer(collection, context=self.context()).data, status=status
        )

    def _collection(self, collection_id: int):
        return selectors.collection_get_for_write(
            team=self.request.team, collection_id=collection_id
        )


@extend_schema_view(
    get=extend_schema(
        summary="List collections",
        tags=TAGS,
        parameters=[CollectionListParams],
        responses=responses({200: PaginatedCollectionsSerializer}),
    )
)
class CollectionListApi(ListApi, _CollectionApi):
    """`GET|POST /collections`."""

    params_class = CollectionListParams
    item_serializer = CollectionSummarySerializer
    selector = selectors.collection_list

    def selector_scope(self, **url_kwargs) -> dict:
        return {"team": self.request.team, "user": self.request.user}

    @extend_schema(
        summary="Create a collection",
        tags=TAGS,
        request=CollectionRequestSerializer,
        responses=responses({201: CollectionSerializer}),
    )
    def post(self, request, team=None):
        data = self.body(CollectionRequestSerializer)
        collection = services.collection_create(team=request.team, user=request.user, **data)
        return self._render(collection.pk, status=HTTPStatus.CREATED)


class CollectionDetailApi(_CollectionApi):
    """`GET|PUT|DELETE /collections/{collectionId}`."""

    @extend_schema(
        summary="A collection", tags=TAGS, responses=responses({200: CollectionSerializer})
    )
    def get(self, request, collectionId, team=None):
        return self._render(collectionId)

    @extend_schema(
        summary="Update a collection (its owner, its editors or a team admin)",
        tags=TAGS,
        request=EditCollectionRequestSerializer,
        responses=responses({200: CollectionSerializer}),
    )
    def put(self, request, collectionId, team=None):
        collection = self._collection(collectionId)
        data = self.body(EditCollectionRequestSerializer)
        services.collection_update(collection=collection, user=request.user, **data)
        return self._render(collectionId)

    @extend_schema(
        summary="Delete a collection (its owner or a team admin)",
        tags=TAGS,
        responses=responses({204: None}),
    )
    def delete(self, request, collectionId, team=None):
        collection = self._collection(collectionId)
        services.collection_delete(collection=collection, user=request.user)
        return Response(status=HTTPStatus.NO_CONTENT)
