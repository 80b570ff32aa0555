"""The HTTP response of a stored image, the same for every face that serves one (the API's
`GET /images/{imageId}` and the members' browser route).

Uploaded bytes are the users': the response says exactly what they are (the type Pillow
detected at upload, `nosniff`), never lets a browser run them as a document
(`Content-Security-Policy: default-src 'none'`, shown inline as an image), and may be kept
by the caller's own cache for a year, since an image id always names the same bytes.
"""

import logging

from django.http import FileResponse, Http404

from .models import Image

logger = logging.getLogger(__name__)

CACHE_CONTROL = "private, max-age=31536000, immutable"
CONTENT_SECURITY_POLICY = "default-src 'none'"


def image_response(image: Image) -> FileResponse:
    """The image's bytes; a 404 (logged for the operators) when its row outlived its file
    (a storage restored without it, a bucket emptied by hand)."""
    extension = image.file.name.rsplit(".", 1)[-1]
    try:
        stored = image.file.open("rb")
    except (FileNotFoundError, OSError):
        logger.error("image %s: its file %s is missing from storage", image.pk, image.file.name)
        raise Http404 from None
    response = FileResponse(
        stored,
        content_type=image.content_type,
        filename=f"{image.public_id}.{extension}",
    )
    response["Content-Length"] = str(image.size)
    response["Content-Disposition"] = f'inline; filename="{image.public_id}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Cache-Control"] = CACHE_CONTROL
    return response
