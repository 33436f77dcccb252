"""``manage.py strip_image_metadata``: clean the images stored before the package.

New images are stripped when they are saved (``image_metadata.py``); images
uploaded before the package was installed, or written to the storage by another
path, keep their metadata until this command rewrites them. Their renditions are
deleted so that Wagtail makes them again from the clean original.
"""

from django.core.management.base import BaseCommand

from ...image_metadata import image_models, strip_metadata, strip_stored_file


class Command(BaseCommand):
    help = "Remove EXIF, XMP, IPTC and comments from every stored original image."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the images to clean, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        cleaned = 0
        for model in image_models():
            for image in model.objects.order_by("pk").iterator():
                if dry_run:
                    cleaned += self.has_metadata(image)
                    continue
                if strip_stored_file(image):
                    image.save(update_fields=["width", "height", "file_size", "file_hash"])
                    image.renditions.all().delete()
                    cleaned += 1
        verb = "would be cleaned" if dry_run else "cleaned"
        self.stdout.write(f"{cleaned} image(s) {verb}.")

    @staticmethod
    def has_metadata(image):
        with image.file.open("rb") as file:
            return strip_metadata(file) is not None
