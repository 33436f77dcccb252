"""The wheel a developer installs, and installing it into a brand-new Wagtail project.

These tests build the real wheel and run a project made by ``wagtail start`` in
subprocesses, as a developer would. They take a few seconds each (marked slow).
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "wagtail_villeslumieres"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (path,) = outdir.glob("wagtail_villeslumieres-*.whl")
    return path


@pytest.fixture(scope="module")
def wheel_names(wheel):
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_holds_every_template_and_static_file(wheel_names):
    source = ROOT / PACKAGE
    for folder in ("templates", "static"):
        files = [p for p in (source / folder).rglob("*") if p.is_file()]
        assert files, folder
        for path in files:
            assert str(path.relative_to(ROOT)) in wheel_names


def test_wheel_holds_every_migration(wheel_names):
    migrations = sorted((ROOT / PACKAGE / "migrations").glob("0*.py"))
    assert migrations
    for path in migrations:
        assert str(path.relative_to(ROOT)) in wheel_names


@pytest.mark.parametrize("language", ["fr", "nl", "de"])
def test_wheel_holds_compiled_translations(wheel_names, language):
    assert f"{PACKAGE}/locale/{language}/LC_MESSAGES/django.mo" in wheel_names


def test_wheel_holds_no_tests_or_example_site(wheel_names):
    assert not any(name.startswith(("tests/", "example_site/", "docs/")) for name in wheel_names)


def test_wheel_installs_into_a_new_wagtail_project_and_serves_a_hub(wheel, tmp_path):
    """The installation steps of docs/tutorial/installation.md, followed to the letter."""
    target = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    wagtail = Path(sys.executable).with_name("wagtail")
    subprocess.run(
        [str(wagtail), "start", "commune", str(tmp_path)], check=True, capture_output=True
    )

    settings = tmp_path / "commune" / "settings" / "base.py"
    text = settings.read_text()
    settings.write_text(
        text.replace(
            "INSTALLED_APPS = [\n",
            "INSTALLED_APPS = [\n"
            '    "wagtail_villeslumieres",\n'
            '    "wagtail.contrib.routable_page",\n',
            1,
        )
    )
    urls = tmp_path / "commune" / "urls.py"
    text = urls.read_text()
    text = text.replace(
        'path("search/", search_views.search, name="search"),',
        'path("search/", search_views.search, name="search"),\n'
        '    path("villeslumieres/", include("wagtail_villeslumieres.urls")),',
        1,
    )
    assert "wagtail_villeslumieres.urls" in text
    urls.write_text(text)

    # The wheel, not this checkout, must provide the package.
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "DJANGO_SETTINGS_MODULE": "commune.settings.dev",
    }
    env.pop("DATABASE_URL", None)

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    manage("migrate", "--no-input")
    checks = manage("check")
    assert "wagtail_villeslumieres" not in checks.stdout + checks.stderr

    script = """
import datetime, wagtail_villeslumieres
from django.test import Client
from home.models import HomePage
from wagtail_villeslumieres.models import LabelAward, HubPage
home = HomePage.objects.get()
hub = HubPage(title="Ath, Ville lumières", slug="ath", holder_name="Ath",
    holder_kind="commune", region="wallonia", intro="Ath s'engage.")
hub.awards = [LabelAward(year=2016, date_awarded=datetime.date(2016, 12, 10))]
home.add_child(instance=hub)
hub.save_revision().publish()
response = Client().get(hub.url)
print("PACKAGE=" + wagtail_villeslumieres.__file__)
print("STATUS=" + str(response.status_code))
print(response.content.decode())
"""
    output = manage("shell", "-c", script).stdout
    assert f"PACKAGE={target}" in output
    assert "STATUS=200" in output
    assert "<h1>Ath, Ville lumières</h1>" in output
