"""Images stored without their metadata: every original, at upload.

A photo carries EXIF (the GPS position, the camera, the time it was taken), XMP,
IPTC and comments. Wagtail keeps them in the original file, which is public at
its URL, and in every rendition made from it. For a photo tied to a person at
risk, where it was taken can say where they or their family live, and any image
of the library can end up on one of the package's pages (a rich-text field, a
block), so the package strips every image of the install when it is saved:

- ``strip_metadata(file)`` re-encodes a file without its metadata, in its own
  format, with the EXIF orientation applied to the pixels (the photo still
  stands up) and its colour profile kept; JPEG keeps its quantisation tables
  when nothing had to turn.
- ``connect()`` (called from ``apps.ready()``) runs it before every save of every
  concrete Wagtail image model (``AbstractImage`` subclasses, so a site's own image
  model too) whose file is new: uploaded through the admin (single or multiple
  upload), created with ``Image.objects.create(file=...)``, or stored with
  ``image.file.save(...)``. Renditions of a clean original are clean.

A file Pillow cannot read (SVG) is left as it is. A file it reads but cannot
write back raises: the upload fails rather than publishing a position.
"""

import hashlib
import io
import os

from django.apps import apps
from django.core.files.base import ContentFile
from django.db.models.signals import post_init, pre_save
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError
from wagtail.images.models import AbstractImage

#: Keys of ``PIL.Image.info`` that describe the pixels, kept when re-encoding.
KEPT_KEYS = ("icc_profile", "dpi", "transparency", "background", "loop", "duration")

#: Keys that describe the file's structure. Any other key (a PNG text chunk may be
#: called anything: "Location", "GPS") counts as metadata.
STRUCTURAL_KEYS = frozenset(
    (
        *KEPT_KEYS,
        *("jfif", "jfif_version", "jfif_unit", "jfif_density", "adobe", "adobe_transform"),
        *("progressive", "progression", "version", "extension", "interlace"),
        *("gamma", "srgb", "chromaticity", "aspect", "compression", "lossless"),
    )
)

#: Quality of an original that had to be re-encoded (turned upright): one pass at
#: this quality is not visible, and renditions are made from it afterwards.
REENCODE_QUALITY = 90

#: The EXIF tag saying which way up the camera was held.
ORIENTATION = 0x0112

try:  # HEIC uploads, which Wagtail accepts when pillow-heif is installed
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - pillow-heif is optional
    pass
else:
    register_heif_opener()


def carries_metadata(picture):
    """True when a Pillow image holds EXIF, XMP, IPTC, a comment or any other text."""
    if any(value for key, value in picture.info.items() if key not in STRUCTURAL_KEYS):
        return True
    return len(picture.getexif()) > 0


def strip_metadata(file):
    """The bytes of ``file`` (an open image file) without metadata, and its size.

    Returns ``None`` when there is nothing to strip or Pillow cannot read the file,
    so a clean upload is stored byte for byte.
    """
    file.seek(0)
    try:
        picture = PILImage.open(file)
        picture.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    if not carries_metadata(picture):
        return None
    image_format = picture.format
    kept = {key: picture.info[key] for key in KEPT_KEYS if key in picture.info}
    animated = getattr(picture, "n_frames", 1) > 1
    turned = not animated and picture.getexif().get(ORIENTATION, 1) != 1
    options = {"format": image_format, "exif": b""}
    if image_format in ("JPEG", "WEBP", "AVIF", "PNG"):
        options["xmp"] = b""
    if image_format == "GIF":
        options["comment"] = b""
    if "icc_profile" in kept:
        options["icc_profile"] = kept["icc_profile"]
    if image_format == "JPEG" and not turned:
        # Same pixels, same compression: only the metadata segments go.
        options.update(quality="keep", subsampling="keep", qtables="keep")
        options["progressive"] = bool(picture.info.get("progressive"))
        target = picture
    else:
        target = ImageOps.exif_transpose(picture) if turned else picture
        if image_format in ("JPEG", "WEBP", "AVIF", "HEIF"):
            options["quality"] = REENCODE_QUALITY
    if animated:
        options["save_all"] = True
    target.info = dict(kept)
    output = io.BytesIO()
    target.save(output, **options)
    return output.getvalue(), target.size


#: The stored name of a file not loaded with its row (``.defer("file")``).
DEFERRED = object()


def _remember_stored_file(sender, instance, **kwargs):
    # Read from __dict__: going through the descriptor would load a deferred field.
    value = instance.__dict__.get("file", DEFERRED)
    instance._vl_stored_file_name = getattr(value, "name", value) or ""


def _strip_new_file(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    if "file" not in instance.__dict__:
        return  # deferred and never touched: unchanged
    field_file = instance.file
    if not field_file:
        return
    if getattr(field_file, "_committed", True):
        if field_file.name != getattr(instance, "_vl_stored_file_name", None):
            strip_stored_file(instance)  # stored by ``file.save()`` just before
        return
    stripped = strip_metadata(field_file.file)
    if stripped is not None:
        # A new, uncommitted file: the field stores it right after this receiver.
        instance.file = ContentFile(stripped[0], name=os.path.basename(field_file.name))
        _set_file_fields(instance, *stripped)


def strip_stored_file(image):
    """Rewrite ``image``'s stored original without metadata; True if it had some.

    Sets the image's width, height, size and hash; the caller saves the row.
    """
    storage, name = image.file.storage, image.file.name
    with storage.open(name, "rb") as source:
        stripped = strip_metadata(source)
    if stripped is None:
        return False
    storage.delete(name)
    image.file.name = storage.save(name, ContentFile(stripped[0]))
    _set_file_fields(image, *stripped)
    return True


def _set_file_fields(image, data, size):
    image.width, image.height = size
    image.file_size = len(data)
    # Wagtail hashed the upload before the save; the stored file is this one.
    image.file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    image._vl_stored_file_name = image.file.name


def image_models():
    """Every concrete Wagtail image model of the install."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AbstractImage) and not model._meta.abstract
    ]


def connect():
    """Strip metadata before every save of a new file, for every image model."""
    for model in image_models():
        uid = f"wagtail_villeslumieres.strip_metadata.{model._meta.label}"
        post_init.connect(_remember_stored_file, sender=model, dispatch_uid=uid)
        pre_save.connect(_strip_new_file, sender=model, dispatch_uid=uid)
