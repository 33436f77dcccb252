"""The example site's settings, with the benchmark's URLs (its two anchors)."""

from villeslumieres_demo.settings import *  # noqa: F403

ROOT_URLCONF = "benchmark_site.urls"
