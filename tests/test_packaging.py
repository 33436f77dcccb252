"""The wheel a developer installs, and installing it into a brand-new Wagtail project.

These tests build the real wheel and run a project made by ``wagtail start`` in
subprocesses, as a developer would. They take a few seconds each (marked slow).
"""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "wagtail_villeslumieres"

pytestmark = pytest.mark.slow


INSTALLATION = ROOT / "docs" / "tutorial" / "installation.md"


def documented(name):
    """The code block of installation.md marked ``<!-- install-test: name -->``."""
    text = INSTALLATION.read_text()
    found = re.search(
        rf"<!-- install-test: {re.escape(name)} -->\n```[a-z]*\n(.*?)```", text, re.DOTALL
    )
    assert found, f"installation.md has no block marked {name!r}"
    return found.group(1)


def documented_command(name, **replacements):
    """A documented shell command as arguments, run with this test's Python."""
    (line,) = documented(name).strip().splitlines()
    args = shlex.split(line)
    program = {"python": [sys.executable], "pip": [sys.executable, "-m", "pip"]}[args[0]]
    return program + [replacements.get(arg, arg) for arg in args[1:]]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel, built by the documented command (against this environment's
    build tools) from a copy of the source: the build writes nothing in the checkout,
    where another run of the suite may be building at the same time."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "setup.cfg", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / PACKAGE, source / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    outdir = tmp_path_factory.mktemp("dist")
    command = documented_command("build")
    assert command[1:] == ["-m", "build", "--wheel"]
    subprocess.run(
        [*command, "--no-isolation", "--outdir", str(outdir)],
        cwd=source,
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


@pytest.fixture(scope="module")
def commune(wheel, tmp_path_factory):
    """A project made by ``wagtail start``, with the package installed and set up by the
    steps of docs/tutorial/installation.md, each code block applied as written.

    The wheel goes into a folder of its own (``--target``, ``--no-deps``: this
    environment already holds the dependencies), so the package can only come from it.
    Returns ``(project folder, environment, manage)``.
    """
    tmp_path = tmp_path_factory.mktemp("commune")
    target = tmp_path / "site-packages"
    install = documented_command("install", **{"dist/wagtail_villeslumieres-*.whl": str(wheel)})
    subprocess.run([*install, "--quiet", "--no-deps", "--target", str(target)], check=True)
    wagtail = Path(sys.executable).with_name("wagtail")
    subprocess.run(
        [str(wagtail), "start", "commune", str(tmp_path)], check=True, capture_output=True
    )

    # Step 2: two lines at the top of INSTALLED_APPS.
    settings = tmp_path / "commune" / "settings" / "base.py"
    text = settings.read_text()
    assert "INSTALLED_APPS = [\n" in text
    added = "".join(
        f"{line}\n"
        for line in documented("installed-apps").splitlines()
        if line.startswith('    "')
    )
    assert added.count("\n") == 2
    text = text.replace("INSTALLED_APPS = [\n", "INSTALLED_APPS = [\n" + added, 1)
    # Step 4: the languages, and the base template, at the end of the settings.
    settings.write_text(text + "\n" + documented("settings"))
    # Step 3: urls.py as the guide shows it for a `wagtail start` project.
    (tmp_path / "commune" / "urls.py").write_text(documented("urls"))
    # Step 4: the base template names the page's language.
    base = tmp_path / "commune" / "templates" / "base.html"
    text = base.read_text()
    assert '<html lang="en">' in text
    base.write_text(text.replace('<html lang="en">', documented("html-lang").strip(), 1))

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
    manage(
        "shell",
        "-c",
        """
import datetime
from home.models import HomePage
from wagtail_villeslumieres.models import LabelAward, HubPage
home = HomePage.objects.get()
hub = HubPage(title="Ath, Ville lumières", slug="ath", holder_name="Ath",
    holder_kind="commune", region="wallonia", intro="Ath s'engage.")
hub.awards = [LabelAward(year=2016, date_awarded=datetime.date(2016, 12, 10))]
home.add_child(instance=hub)
hub.save_revision().publish()
""",
    )
    return tmp_path, env, manage


def test_wheel_installs_into_a_new_wagtail_project_and_serves_a_hub(commune):
    """The installation steps of docs/tutorial/installation.md, followed to the letter."""
    tmp_path, _env, manage = commune
    checks = manage("check")
    assert "wagtail_villeslumieres" not in checks.stdout + checks.stderr
    script = """
import wagtail_villeslumieres
from django.test import Client
from wagtail_villeslumieres.models import HubPage
response = Client().get(HubPage.objects.get().url)
print("PACKAGE=" + wagtail_villeslumieres.__file__)
print("STATUS=" + str(response.status_code))
print(response.content.decode())
"""
    output = manage("shell", "-c", script).stdout
    assert f"PACKAGE={tmp_path / 'site-packages'}" in output
    assert "STATUS=200" in output
    assert "<h1>Ath, Ville lumières</h1>" in output
    # French headings around French content, the page's language named.
    assert '<html lang="fr">' in output
    assert "Le label" in output
    # The `wagtail start` base template has no <main>: the package's page provides it.
    assert output.count('<main id="vl-main">') == 1
    assert '<a class="vl-skip-link" href="#vl-main">' in output


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.browser
def test_the_hub_in_a_wagtail_start_site_has_no_axe_violations(commune, browser):
    from tests.browser.conftest import assert_no_axe_violations

    tmp_path, env, _manage = commune
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/fr/ath/"
        for _attempt in range(100):
            try:
                urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own server)
                break
            except OSError:
                time.sleep(0.2)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url)
        assert page.locator("main").count() == 1
        assert_no_axe_violations(page)
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
