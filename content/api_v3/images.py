"""API v3: images (`POST /images/upload`, `GET /images/{imageId}`).

An upload is read by a size-limiting upload handler (a body or file over the limit stops
being read at once: a clean 413 or 400 problem, never a temporary file of any size or a
500), then checked and stored by `services.image_create`.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from .. import selectors, services
from ..image_response import image_response
from ..services.images import FILE_FIELD, human_size, image_too_large_message
from .base import ContentApi, responses
from .serializers.images import ImageResponseModelSerializer, ImageUploadSerializer

BODY_TOO_LARGE_MESSAGE = "The request body is too large: the image limit is {limit}."
TOO_MANY_PARTS_MESSAGE = "Too many form fields or files: send one `file`."
# Room for the multipart boundaries and part headers around the one file.
MULTIPART_OVERHEAD = 64 * 1024


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def _body_too_large() -> RequestTooLarge:
    limit = human_size(settings.IMAGE_UPLOAD_MAX_BYTES)
    return RequestTooLarge(BODY_TOO_LARGE_MESSAGE.format(limit=limit))


class ImageSizeLimitUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it cannot be a valid image: a declared body
    larger than the limit (plus the multipart overhead) → 413, a file part growing past
    the limit → 400 on `file`. Passes every chunk on to Django's own handlers otherwise."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.IMAGE_UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD:
            raise _body_too_large()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.IMAGE_UPLOAD_MAX_BYTES:
            raise exceptions.ValidationError({FILE_FIELD: [image_too_large_message()]})
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file


class ImageUploadApi(ContentApi):
    """`POST /images/upload`: a multipart `file` → the official `ImageResponseModel`."""

    parser_classes = [MultiPartParser]

    def initialize_request(self, request, *args, **kwargs):
        # Before anything reads the body (a session's CSRF check reads request.POST).
        request.upload_handlers.insert(0, ImageSizeLimitUploadHandler(request))
        return super().initialize_request(request, *args, **kwargs)

    def handle_exception(self, exc):
        # Django's own limits (DATA_UPLOAD_MAX_*) raise SuspiciousOperations, which DRF
        # would leave to Django's HTML 400 page: render them as problems too.
        if isinstance(exc, RequestDataTooBig):
            exc = _body_too_large()
        elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
            exc = exceptions.ValidationError({FILE_FIELD: [TOO_MANY_PARTS_MESSAGE]})
        return super().handle_exception(exc)

    @extend_schema(
        summary="Uploads an image file",
        tags=["Images"],
        request={"multipart/form-data": ImageUploadSerializer},
        responses=responses(
            {
                200: ImageResponseModelSerializer,
                413: OpenApiResponse(description="Request body too large."),
                415: OpenApiResponse(description="Unsupported media type."),
            }
        ),
    )
    def post(self, request, team=None):
        image = services.image_create(
            team=request.team, owner=request.user, upload=request.FILES.get(FILE_FIELD)
        )
        return Response(ImageResponseModelSerializer(image, context=self.context()).data)


class AnyImageNegotiation(DefaultContentNegotiation):
    """An image client may send `Accept: image/*`, which no JSON renderer offers; the image
    is sent whatever it accepts (and a problem, if any, as JSON)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            return renderers[0], renderers[0].media_type


class ImageDetailApi(ContentApi):
    """`GET /images/{imageId}`: the image's bytes, for members of its team."""

    content_negotiation_class = AnyImageNegotiation

    @extend_schema(
        summary="Gets an image by Id",
        tags=["Images"],
        responses=responses(
            {
                (200, "image/png"): OpenApiTypes.BINARY,
                (200, "image/jpeg"): OpenApiTypes.BINARY,
                (200, "image/gif"): OpenApiTypes.BINARY,
                (200, "image/webp"): OpenApiTypes.BINARY,
            }
        ),
    )
    def get(self, request, imageId, team=None):
        return image_response(selectors.image_get(team=request.team, image_id=imageId))
