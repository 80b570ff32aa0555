"""Images: an upload is checked by Pillow on its bytes (never by its name or the client's
content type), stored through Django's default storage, and deleted with its file."""

import io
import warnings
from dataclasses import dataclass

import PIL.Image
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from ..models import Image

# Pillow format → (content type, file extension). The formats browsers show everywhere;
# anything else Pillow recognises (BMP, TIFF, ICO, …) is refused by name.
ALLOWED_FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
FILE_FIELD = "file"  # the official multipart field name

NO_FILE_MESSAGE = "No file: send the image as the multipart form field `file`."
EMPTY_FILE_MESSAGE = "The file is empty."
TOO_LARGE_MESSAGE = "The image is too large: the limit is {limit}."
NOT_AN_IMAGE_MESSAGE = "The file is not an image, or it is damaged or truncated."
UNSUPPORTED_FORMAT_MESSAGE = "Unsupported image format {format}: use PNG, JPEG, GIF or WebP."
TOO_MANY_PIXELS_MESSAGE = "The image has too many pixels: the limit is {limit:,} pixels."


@dataclass(frozen=True)
class CheckedImage:
    format: str
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return ALLOWED_FORMATS[self.format][0]

    @property
    def extension(self) -> str:
        return ALLOWED_FORMATS[self.format][1]


def human_size(size: int) -> str:
    """`2 MiB (2,097,152 bytes)`: how a limit is named in a message."""
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"


def image_too_large_message() -> str:
    return TOO_LARGE_MESSAGE.format(limit=human_size(settings.IMAGE_UPLOAD_MAX_BYTES))


def image_check(data: bytes) -> CheckedImage:
    """What Pillow finds in `data`, or a `ValidationError` on the `file` field.

    The header is read first (format and size, nothing decoded), so an unsupported format or
    a decompression bomb is refused before any pixel is decoded; then `verify()` checks the
    structure and `load()` decodes the (first) frame, which catches truncated files.
    """
    max_pixels = settings.IMAGE_UPLOAD_MAX_PIXELS
    too_many_pixels = ValidationError(
        {FILE_FIELD: TOO_MANY_PIXELS_MESSAGE.format(limit=max_pixels)}
    )
    not_an_image = ValidationError({FILE_FIELD: NOT_AN_IMAGE_MESSAGE})
    with warnings.catch_warnings():
        warnings.simplefilter("error", PIL.Image.DecompressionBombWarning)
        try:
            with PIL.Image.open(io.BytesIO(data)) as probe:
                checked = CheckedImage(probe.format, *probe.size)
        except (PIL.Image.DecompressionBombError, PIL.Image.DecompressionBombWarning):
            raise too_many_pixels from None
        except Exception:
            # Untrusted bytes: a malformed header may raise almost anything inside Pillow.
            raise not_an_image from None
    if checked.format not in ALLOWED_FORMATS:
        raise ValidationError(
            {FILE_FIELD: UNSUPPORTED_FORMAT_MESSAGE.format(format=checked.format)}
        )
    if checked.width * checked.height > max_pixels:
        raise too_many_pixels
    try:
        with PIL.Image.open(io.BytesIO(data), formats=[checked.format]) as image:
            image.verify()
        with PIL.Image.open(io.BytesIO(data), formats=[checked.format]) as image:
            image.load()
    except Exception:
        raise not_an_image from None
    return checked


def image_create(*, team, owner, upload: UploadedFile | None) -> Image:
    """Check an uploaded file and store it as an image of `team`.

    Refused with a `ValidationError` on `file`: no file, an empty one, one over
    `IMAGE_UPLOAD_MAX_BYTES`, bytes Pillow does not read as a whole image, a format other
    than PNG, JPEG, GIF or WebP, more than `IMAGE_UPLOAD_MAX_PIXELS` pixels. The bytes are
    stored as sent (never re-encoded); the file is written before the row and removed again
    if the row cannot be saved.
    """
    if upload is None:
        raise ValidationError({FILE_FIELD: NO_FILE_MESSAGE})
    if upload.size == 0:
        raise ValidationError({FILE_FIELD: EMPTY_FILE_MESSAGE})
    if upload.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError({FILE_FIELD: image_too_large_message()})
    data = upload.read()
    checked = image_check(data)
    image = Image(
        team=team,
        owner=owner,
        content_type=checked.content_type,
        width=checked.width,
        height=checked.height,
        size=len(data),
    )
    image.file.save(f"{image.public_id}.{checked.extension}", ContentFile(data), save=False)
    try:
        image.save()
    except BaseException:
        image.file.delete(save=False)
        raise
    return image


def image_delete(*, image: Image) -> None:
    """Delete an image and its stored file (the row first: a file left behind by a failure
    is only wasted space, a row without its file would be a broken image)."""
    file = image.file
    image.delete()
    file.delete(save=False)
