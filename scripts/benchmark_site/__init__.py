"""The example site as ``scripts/benchmark.py`` serves it: two anchors added, nothing else.

Only the benchmark uses this package; the example site and the package never import it.
"""

#: The cache key counting recomputes of letter totals (see ``benchmark_site.wsgi``).
RECOMPUTES_KEY = "benchmark:recomputes"
