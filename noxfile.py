"""The supported version matrix, tested: ``nox`` (or ``nox -s oldest`` / ``nox -s newest``).

- oldest: Python 3.11, Django 5.2 LTS, Wagtail 7.4 LTS, wagtail-localize 1.14
- newest: Python 3.13, the newest Django that Wagtail 8 and wagtail-localize support
  (6.1), Wagtail 8.0

Each session runs the whole test suite (the package's and the example site's) and
checks that the committed migrations match the models. Extra arguments go to
pytest: ``nox -s oldest -- -k counter``.
"""

import glob
import os
import shutil
import subprocess

import nox

nox.options.sessions = ["oldest", "newest"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"

MATRIX = {
    "oldest": ("3.11", ["Django~=5.2.0", "wagtail~=7.4.0", "wagtail-localize~=1.14.0"]),
    "newest": ("3.13", ["Django~=6.1.0", "wagtail~=8.0.0", "wagtail-localize>=1.14"]),
}


def interpreter(version):
    """A python<version> on PATH, or one installed by pyenv (as on the CI machines)."""
    name = f"python{version}"
    found = shutil.which(name)
    if found:
        try:
            subprocess.run([found, "--version"], check=True, capture_output=True)
            return found
        except (OSError, subprocess.CalledProcessError):
            pass  # a pyenv shim for a version that is installed but not selected
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = sorted(glob.glob(f"{root}/versions/{version}*/bin/{name}"))
    return candidates[-1] if candidates else version


def run_matrix_entry(session, pins):
    session.install("-e", ".[test]", *pins)
    session.run("python", "-m", "pip", "check")
    session.run(
        "python",
        "example_site/manage.py",
        "makemigrations",
        "--check",
        "--dry-run",
        env={
            "DJANGO_SETTINGS_MODULE": "villeslumieres_demo.settings",
            "PYTHONPATH": "example_site",
        },
    )
    # The test app's migration too (the package suite's own site).
    session.run(
        "python",
        "-m",
        "django",
        "makemigrations",
        "--check",
        "--dry-run",
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": "."},
    )
    # Both suites, as `make test` runs them: a selection (``-- -k counter``) may
    # leave one of them with nothing to run (pytest's exit code 5).
    success_codes = [0, 5] if session.posargs else [0]
    session.run("python", "-m", "pytest", "tests", *session.posargs, success_codes=success_codes)
    session.run(
        "python",
        "-m",
        "pytest",
        "example_site/tests",
        *session.posargs,
        success_codes=success_codes,
    )


@nox.session(python=interpreter(MATRIX["oldest"][0]))
def oldest(session):
    """Python 3.11, Django 5.2 LTS, Wagtail 7.4 LTS."""
    run_matrix_entry(session, MATRIX["oldest"][1])


@nox.session(python=interpreter(MATRIX["newest"][0]))
def newest(session):
    """Python 3.13, Django 6.1, Wagtail 8."""
    run_matrix_entry(session, MATRIX["newest"][1])
