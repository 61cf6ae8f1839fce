"""Home-visit photos as a phone should get them: smaller JPEGs made by easy-thumbnails.

A photo (VisitPhoto.image, up to VISIT_PHOTO_MAX_BYTES from a phone camera) is shown in one of the sizes named in
settings.THUMBNAIL_ALIASES for "visits.VisitPhoto.image". Each size is made on its first request and kept beside the
original in the same private storage (media files are not public: every size is served only by visits:photo_sized,
after the photo view's access check). HEIC photos from iPhones are read through pillow-heif. A file Pillow cannot
read is shown as a placeholder; the link next to it still opens the original.
"""

import logging
import mimetypes
from collections.abc import Iterable

from django.http import HttpResponse
from django.template.loader import render_to_string
from easy_thumbnails.alias import aliases
from easy_thumbnails.exceptions import InvalidImageFormatError
from easy_thumbnails.files import get_thumbnailer
from pillow_heif import register_heif_opener

from .models import VisitPhoto

register_heif_opener()  # Pillow opens .heic/.heif files from here on

logger = logging.getLogger(__name__)
ALIAS_TARGET = "visits.VisitPhoto.image"


def is_photo_size(size: str) -> bool:
    """Whether `size` names one of the photos' sizes (thumb, view)."""
    return aliases.get(size, target=ALIAS_TARGET) is not None


def sized_photo_response(photo: VisitPhoto, size: str) -> HttpResponse:
    """The photo in `size` (a JPEG), made and stored on first request; a placeholder image when the file cannot be
    read as an image (an SVG, which page compression packs; a JPEG goes as stored: zhanpu.compression)."""
    thumbnailer = get_thumbnailer(photo.image)
    try:
        thumbnail = thumbnailer[size]
        with thumbnailer.thumbnail_storage.open(thumbnail.name, "rb") as file:
            content = file.read()
    except InvalidImageFormatError:  # a corrupt upload, or a format Pillow does not know
        logger.warning("visit photo %s is not an image Pillow can read: shown as a placeholder", photo.pk)
        return placeholder_response()
    except Exception:  # noqa: BLE001 - a decoder fails in many ways; the page shows the placeholder, not an error
        logger.exception("visit photo %s: its %s version could not be made", photo.pk, size)
        return placeholder_response()
    return HttpResponse(content, content_type=mimetypes.guess_type(thumbnail.name)[0] or "image/jpeg")


def placeholder_response() -> HttpResponse:
    return HttpResponse(render_to_string("visits/photo_unavailable.svg"), content_type="image/svg+xml")


def delete_thumbnails(names: Iterable[str]) -> int:
    """Delete every smaller version made of the photos stored as `names` (the files and easy-thumbnails' records of
    them); the originals are left alone. Returns how many files."""
    deleted = 0
    for name in names:
        thumbnailer = get_thumbnailer(VisitPhoto(image=name).image)
        source = thumbnailer.get_source_cache()
        if source is not None:
            deleted += thumbnailer.delete_thumbnails(source)
            source.delete()
    return deleted
