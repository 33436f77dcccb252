"""Image operations the package adds to Wagtail's filter specs.

``stripmeta`` drops the metadata a photo carries (EXIF with the GPS position,
camera and time it was taken, XMP, comments). Wagtail keeps EXIF in renditions;
for the portrait of a person at risk, where a photo was taken can say where they
or their family live. Registered in ``wagtail_hooks.py``; used as
``{% image portrait fill-480x480 stripmeta %}``. Originals are stripped when they
are saved (``image_metadata.py``); this second line covers an image stored before
the package was installed, or by a path that skips ``save()``.
"""

from wagtail.images.image_operations import FilterOperation

from .image_metadata import STRUCTURAL_KEYS


class StripMetadataOperation(FilterOperation):
    """Remove embedded metadata from the rendition (no arguments: ``stripmeta``)."""

    def construct(self):
        pass

    def run(self, willow, image, env):
        pillow = getattr(willow, "image", None)
        if pillow is None or not hasattr(pillow, "info"):
            return willow  # not a Pillow-backed image (SVG, Wand): nothing to strip
        stripped = pillow.copy()
        stripped.info = {key: value for key, value in pillow.info.items() if key in STRUCTURAL_KEYS}
        return type(willow)(stripped)
