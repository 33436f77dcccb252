"""No public URL of the demo serves an image with a GPS position.

An editor uploads a phone photo (with its EXIF GPS block) in the admin and places it
where the package's pages show images: a hub's body, and, as an import would, the
local group's rich text. Every page of every Site of the demo is then fetched, and
every media file it shows or announces is read back.
"""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.test_image_metadata import assert_served_without_gps, photo_bytes
from wagtail_villeslumieres.models import HubPage

pytestmark = pytest.mark.django_db


def media_urls_in(html):
    """Every media address a page shows or announces: src, srcset, og/twitter images."""
    from django.conf import settings

    found = set(re.findall(r'(?:src|content|href)="([^"]+)"', html))
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        found.update(part.split()[0] for part in srcset.split(","))
    urls = set()
    for url in found:
        path = re.sub(r"^https?://[^/]+", "", url)
        if path.startswith(settings.MEDIA_URL):
            urls.add(path)
    return urls


def test_no_public_page_of_the_demo_serves_an_image_with_a_position(client):
    from django.core.management import call_command
    from wagtail.models import Page

    from home.demo.site import ADMIN_PASSWORD, ADMIN_USERNAME

    call_command("load_demo", stdout=io.StringIO())
    # An editor adds a phone photo the way the admin lets them: uploaded, then placed
    # in the hub's body and, as an import would, in the local group's rich text.
    assert client.login(username=ADMIN_USERNAME, password=ADMIN_PASSWORD)
    client.post(
        "/admin/images/add/",
        {
            "title": "Groupe local",
            "file": SimpleUploadedFile("groupe.jpg", photo_bytes(), content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    client.logout()
    image = get_image_model().objects.get(title="Groupe local")
    for hub in HubPage.objects.live():
        hub.local_group_name = hub.local_group_name or "Groupe Amnesty"
        hub.local_group_details = (
            f'<p>Réunions au centre culturel.</p><embed embedtype="image" id="{image.pk}"'
            ' format="left" alt="Le groupe"/>'
        )
        hub.body.append(
            ("image", {"image": {"image": image, "alt_text": "Le groupe", "decorative": False}})
        )
        hub.save_revision().publish()

    served = set()
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        _, root_url, path = page.get_url_parts()  # a page of each Site on its own host
        host = root_url.split("://", 1)[1].split(":")[0]
        response = client.get(path, headers={"host": host}, follow=True)
        assert response.status_code == 200, page.url
        served |= media_urls_in(response.content.decode())
    assert len(served) >= 2, served  # the body's and the rich text's renditions at least
    for url in sorted(served):
        assert_served_without_gps(url)
