"""Every string the package shows is marked for translation and translated in fr, nl and de."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wagtail_villeslumieres"
LANGUAGES = ["fr", "nl", "de"]
DOMAINS = ["django"]


def catalogs():
    for language in LANGUAGES:
        for domain in DOMAINS:
            po = PACKAGE / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            if domain == "django" or po.exists():
                yield language, domain, po


def msgids(po_path):
    """The msgids (with their context) of a .po file, the header excluded."""
    ids, current, context, key = set(), None, "", None
    for line in Path(po_path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):
            continue
        if line.startswith("msgctxt "):
            context, key = _unquote(line[8:]), "ctxt"
        elif line.startswith("msgid "):
            current, key = _unquote(line[6:]), "id"
        elif line.startswith('"') and key in ("id", "ctxt"):
            if key == "id":
                current += _unquote(line)
            else:
                context += _unquote(line)
        else:
            if key == "id" and current:
                ids.add((context, current))
                context = ""
            key = None if not line.startswith("msgid_plural") else "plural"
    return ids


def _unquote(text):
    return text.strip()[1:-1]


def msgfmt():
    path = shutil.which("msgfmt")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs msgfmt (apt-get install gettext)")
        pytest.skip("msgfmt not found (apt-get install gettext)")
    return path


@pytest.mark.parametrize(("language", "domain", "po"), list(catalogs()))
def test_catalog_has_no_untranslated_or_fuzzy_entry(language, domain, po):
    assert po.exists(), f"missing catalog {po.relative_to(ROOT)}"
    result = subprocess.run(
        [msgfmt(), "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    statistics = result.stderr.strip()
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics


@pytest.mark.parametrize(("language", "domain", "po"), list(catalogs()))
def test_compiled_catalog_matches_its_source(language, domain, po, tmp_path):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: run make messages"
    fresh = tmp_path / "fresh.mo"
    subprocess.run([msgfmt(), "--check", "-o", str(fresh), str(po)], check=True)
    assert fresh.read_bytes() == mo.read_bytes(), (
        f"{mo.relative_to(ROOT)} is stale: run make messages"
    )


@pytest.mark.slow
def test_makemessages_finds_no_string_missing_from_the_catalogs(tmp_path):
    msgfmt()
    copy = tmp_path / "wagtail_villeslumieres"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
    }
    for domain in DOMAINS:
        subprocess.run(
            [
                sys.executable,
                # -P: the package's own http.py must not shadow the standard library's.
                "-P",
                "-m",
                "django",
                "makemessages",
                "-d",
                domain,
                "-l",
                "fr",
                "--no-obsolete",
            ],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        extracted = copy / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.po"
        if not extracted.exists():
            continue
        committed = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.po"
        new = msgids(extracted) - (msgids(committed) if committed.exists() else set())
        assert not new, f"strings not in the {domain} catalogs (run make messages): {sorted(new)}"


# Template text that needs no translation: punctuation, numbers, symbols.
NEUTRAL = re.compile(r"^[\W\d_]*$")
TEMPLATE_NOISE = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{%\s*blocktrans(late)?\b.*?{%\s*endblocktrans(late)?\s*%}", re.S),
    re.compile(r"<script\b.*?</script>", re.S),
    re.compile(r"<style\b.*?</style>", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
    re.compile(r"<!--.*?-->", re.S),
]
TRANSLATABLE_ATTRIBUTES = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"')


def unmarked_strings(source):
    """Human-readable text of a template that is not inside a translation tag."""
    found = []
    for value in TRANSLATABLE_ATTRIBUTES.findall(source):
        for pattern in TEMPLATE_NOISE:
            value = pattern.sub(" ", value)
        if not NEUTRAL.match(value.strip()):
            found.append(value.strip())
    for pattern in TEMPLATE_NOISE:
        source = pattern.sub(" ", source)
    # A tag ends at the first ">" outside quotes: Stimulus actions ("click->x#y") hold ">".
    source = re.sub(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""", " ", source)
    source = re.sub(r"&[#\w]+;", " ", source)
    # CSS classes given through blocks such as {% block vl_page_class %}.
    source = re.sub(r"\bvl-[\w-]+", " ", source)
    found += [text.strip() for text in source.split("\n") if not NEUTRAL.match(text.strip())]
    return found


TEMPLATES = sorted(
    path
    for path in (PACKAGE / "templates").rglob("*.html")
    # The embed's number-only documents hold no text of their own.
    if path.is_file()
)


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE / "templates"))
)
def test_template_text_is_marked_for_translation(template):
    assert unmarked_strings(template.read_text(encoding="utf-8")) == []
