"""Every image of the documentation is used by it and drawn by ``make screenshots``."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "docs" / "_static"
SCRIPT = ROOT / "scripts" / "screenshots.py"


def documentation_text():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return "\n".join(page.read_text() for page in pages if "_build" not in page.parts)


def images_in_static():
    return sorted(path.name for path in STATIC.glob("*.png"))


def test_every_image_in_docs_static_is_shown_by_a_page():
    text = documentation_text()
    unused = [name for name in images_in_static() if f"_static/{name}" not in text]
    assert unused == []


def test_every_image_the_docs_show_exists():
    shown = set(re.findall(r"_static/([\w.-]+\.png)", documentation_text()))
    assert shown and shown <= set(images_in_static())


def test_every_image_the_docs_show_is_drawn_by_the_screenshot_script():
    script = SCRIPT.read_text()
    not_drawn = [name for name in images_in_static() if f'"{name}"' not in script]
    assert not_drawn == []


def test_the_screenshot_script_serves_the_demo_on_a_fixed_address():
    script = SCRIPT.read_text()
    assert re.search(r"^HOST = \"127\.0\.0\.1\"$", script, re.M)
    assert re.search(r"^PORT = \d+$", script, re.M)
    assert '"DEMO_PORT": str(PORT)' in script
