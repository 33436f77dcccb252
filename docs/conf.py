"""Sphinx configuration of the wagtail-villeslumieres documentation."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wagtail_villeslumieres import __version__  # noqa: E402

project = "wagtail-villeslumieres"
author = "wagtail-villeslumieres contributors"
copyright = "2026, wagtail-villeslumieres contributors"  # noqa: A001
version = release = __version__

extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo" if os.environ.get("DOCS_THEME", "furo") == "furo" else "alabaster"
html_title = "wagtail-villeslumieres"
html_static_path = ["_static"]
language = "en"
