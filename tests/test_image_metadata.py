"""No image the package publishes carries its camera's metadata, originals included.

A photo's EXIF GPS block says where it was taken; for a person at risk, that can be
where they or their family live. Originals are stripped when they are saved, by
any path (admin upload, multiple upload, ``objects.create``, ``file.save``), so
every rendition (the package's, rich text's, a site's own) is clean too.
"""

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_formats
from wagtail.models import Collection

import wagtail_villeslumieres
from wagtail_villeslumieres.image_metadata import strip_metadata
from wagtail_villeslumieres.models import HubPage

pytestmark = pytest.mark.django_db

TEMPLATES = Path(wagtail_villeslumieres.__file__).parent / "templates"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description/></rdf:RDF></x:xmpmeta>'


def gps_exif(orientation=1):
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Fairphone"
    exif[ExifTags.Base.ImageDescription] = "Chez sa mère"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (50.0, 15.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 26.0, 0.0),
    }
    return exif


def photo_bytes(image_format="JPEG", size=(640, 480), orientation=1):
    """A real photo file with a GPS block, the camera's make and an XMP packet."""
    buffer = io.BytesIO()
    picture = PILImage.new("RGB", size, (200, 120, 40))
    picture.paste((20, 40, 200), (0, 0, size[0] // 2, size[1] // 4))  # tells up from down
    picture.save(buffer, image_format, exif=gps_exif(orientation), xmp=XMP)
    return buffer.getvalue()


def metadata_in(file):
    """What a reader of the file learns beyond pixels: EXIF tags, GPS, XMP, comments."""
    file.seek(0)
    picture = PILImage.open(file)
    exif = picture.getexif()
    return {
        "exif": dict(exif),
        "gps": dict(exif.get_ifd(ExifTags.IFD.GPSInfo)),
        "info": sorted(key for key in ("exif", "xmp", "comment", "iptc") if picture.info.get(key)),
    }


CLEAN = {"exif": {}, "gps": {}, "info": []}


def stored_metadata(image):
    with image.file.open("rb") as file:
        return metadata_in(file)


def test_the_test_photo_carries_a_gps_position():
    found = metadata_in(io.BytesIO(photo_bytes()))
    assert found["gps"][ExifTags.GPS.GPSLatitude] == (50.0, 15.0, 30.0)
    assert found["info"] == ["exif", "xmp"]


def test_an_image_uploaded_in_the_admin_is_stored_without_metadata(admin_client):
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "Atelier d'écriture",
            "file": SimpleUploadedFile("atelier.jpg", photo_bytes(), content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get(title="Atelier d'écriture")
    assert stored_metadata(image) == CLEAN
    with image.file.open("rb") as file:
        content = file.read()
    assert image.file_size == len(content)
    assert image.file_hash == hashlib.sha1(content, usedforsecurity=False).hexdigest()


def test_an_image_uploaded_through_the_multiple_upload_is_stored_without_metadata(admin_client):
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("groupe.jpg", photo_bytes(), content_type="image/jpeg")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["success"] is True
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    assert stored_metadata(image) == CLEAN


def test_an_image_created_in_code_is_stored_without_metadata():
    image = get_image_model().objects.create(
        title="Script", file=ImageFile(io.BytesIO(photo_bytes()), name="script.jpg")
    )
    image.refresh_from_db()
    assert stored_metadata(image) == CLEAN


def test_a_file_saved_onto_an_image_is_stored_without_metadata():
    image = get_image_model()(title="Import")
    image.file.save("import.jpg", ContentFile(photo_bytes()), save=True)
    image.refresh_from_db()
    assert stored_metadata(image) == CLEAN
    assert (image.width, image.height) == (640, 480)


def test_a_replaced_file_is_stored_without_metadata():
    image = get_image_model().objects.create(
        title="Remplacée", file=ImageFile(io.BytesIO(photo_bytes()), name="a.jpg")
    )
    image = get_image_model().objects.get(pk=image.pk)
    image.file = ImageFile(io.BytesIO(photo_bytes(size=(320, 200))), name="b.jpg")
    image.save()
    image.refresh_from_db()
    assert stored_metadata(image) == CLEAN
    assert (image.width, image.height) == (320, 200)


def test_a_photo_taken_sideways_is_stored_upright_without_its_orientation_tag():
    # Orientation 6: the camera was turned; viewers rotate the 640x480 pixels by 90°.
    image = get_image_model().objects.create(
        title="Debout", file=ImageFile(io.BytesIO(photo_bytes(orientation=6)), name="d.jpg")
    )
    image.refresh_from_db()
    assert stored_metadata(image) == CLEAN
    assert (image.width, image.height) == (480, 640)
    with image.file.open("rb") as file:
        picture = PILImage.open(file).convert("RGB")
    # The blue band drawn along the top-left now runs down the right-hand side.
    assert picture.getpixel((470, 10)) == pytest.approx((20, 40, 200), abs=12)
    assert picture.getpixel((10, 630)) == pytest.approx((200, 120, 40), abs=12)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "AVIF"])
def test_each_upload_format_keeps_its_format_and_loses_its_metadata(image_format):
    data, size = strip_metadata(io.BytesIO(photo_bytes(image_format)))
    assert PILImage.open(io.BytesIO(data)).format == image_format
    assert size == (640, 480)
    assert metadata_in(io.BytesIO(data)) == CLEAN


def test_a_gif_loses_its_comment():
    buffer = io.BytesIO()
    PILImage.new("P", (20, 20), 3).save(buffer, "GIF", comment=b"rue de la Gare 12")
    data, _ = strip_metadata(buffer)
    assert "comment" not in PILImage.open(io.BytesIO(data)).info


def test_a_jpeg_without_metadata_is_stored_byte_for_byte():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), (1, 2, 3)).save(buffer, "JPEG")
    assert strip_metadata(buffer) is None


def test_a_jpeg_that_needs_no_turning_keeps_its_compression():
    data, _ = strip_metadata(io.BytesIO(photo_bytes()))
    source = PILImage.open(io.BytesIO(photo_bytes()))
    assert PILImage.open(io.BytesIO(data)).quantization == source.quantization


def test_a_file_pillow_cannot_read_is_left_as_it_is():
    assert strip_metadata(io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>")) is None


def filter_specs_the_package_requests():
    """Every filter spec of an ``{% image %}`` tag or ``get_rendition`` in the package,
    and those of rich text's image formats."""
    specs = set()
    for template in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"{%\s*image\s+(.+?)%}", template.read_text()):
            words = tag.split()[1:]
            words = words[: words.index("as")] if "as" in words else words
            specs.add("|".join(w for w in words if "=" not in w))
    package = Path(wagtail_villeslumieres.__file__).parent
    for module in package.rglob("*.py"):
        specs.update(re.findall(r"get_rendition\(\"([^\"]+)\"\)", module.read_text()))
    specs.update(image_format.filter_spec for image_format in get_image_formats())
    return sorted(specs)


def test_the_specs_under_test_are_those_the_templates_request():
    assert set(filter_specs_the_package_requests()) >= {
        "fill-160x160|stripmeta",
        "fill-480x480|stripmeta",
        "fill-1200x630|stripmeta",
        "width-800|stripmeta",
        "width-800",
        "width-500",
    }


@pytest.mark.parametrize("spec", filter_specs_the_package_requests())
def test_every_rendition_the_package_requests_carries_no_metadata(spec):
    image = get_image_model().objects.create(
        title="Rendu", file=ImageFile(io.BytesIO(photo_bytes()), name="rendu.jpg")
    )
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as file:
        assert metadata_in(file) == CLEAN


def test_a_photo_in_the_hubs_rich_text_is_served_without_its_position(client, hub):
    image = get_image_model().objects.create(
        title="Groupe local", file=ImageFile(io.BytesIO(photo_bytes()), name="groupe.jpg")
    )
    # Stored as an import or a script would, past the editor's feature list.
    HubPage.objects.filter(pk=hub.pk).update(
        local_group_name="Groupe Amnesty de Walcourt",
        local_group_details=(
            '<p>Le groupe se réunit au centre culturel.</p><embed embedtype="image" '
            f'id="{image.pk}" format="fullwidth" alt="Le groupe"/>'
        ),
    )
    html = client.get(hub.url).content.decode()
    sources = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert sources, "the photo is on the page"
    for source in sources:
        assert_served_without_gps(source)


def assert_served_without_gps(url):
    """The file behind a media URL (the test storage is in memory) carries nothing."""
    from django.conf import settings
    from django.core.files.storage import default_storage

    assert url.startswith(settings.MEDIA_URL), url
    with default_storage.open(url.removeprefix(settings.MEDIA_URL), "rb") as file:
        assert metadata_in(file) == CLEAN, url


def store_past_the_upload(image, data):
    """Write ``data`` as ``image``'s original directly in the storage, as a file stored
    before the package was installed would be."""
    image.file.storage.delete(image.file.name)
    image.file.storage.save(image.file.name, ContentFile(data))


def test_the_command_cleans_originals_stored_before_the_package_and_their_renditions():
    from django.core.management import call_command

    image = get_image_model().objects.create(
        title="Ancienne", file=ImageFile(io.BytesIO(photo_bytes()), name="ancienne.jpg")
    )
    store_past_the_upload(image, photo_bytes(orientation=6))
    old_rendition = image.get_rendition("width-500")
    assert stored_metadata(image)["gps"]

    out = io.StringIO()
    call_command("strip_image_metadata", "--dry-run", stdout=out)
    assert out.getvalue() == "1 image(s) would be cleaned.\n"
    assert stored_metadata(image)["gps"]

    call_command("strip_image_metadata", stdout=out)
    image.refresh_from_db()
    assert stored_metadata(image) == CLEAN
    assert (image.width, image.height) == (480, 640)
    assert not image.renditions.filter(pk=old_rendition.pk).exists()
    with image.get_rendition("width-500").file.open("rb") as file:
        assert metadata_in(file) == CLEAN
    call_command("strip_image_metadata", stdout=(out := io.StringIO()))
    assert out.getvalue() == "0 image(s) cleaned.\n"


def test_a_png_loses_its_text_chunks_whatever_their_name():
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Location", "50.2583 N, 4.4333 E")
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), (1, 2, 3)).save(buffer, "PNG", pnginfo=text)
    assert "Location" in PILImage.open(io.BytesIO(buffer.getvalue())).info
    data, _ = strip_metadata(buffer)
    assert "Location" not in PILImage.open(io.BytesIO(data)).info
