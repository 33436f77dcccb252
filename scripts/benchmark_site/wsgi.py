"""The example site's WSGI application, counting recomputes of letter totals in the cache.

Every call of ``counter.totals._compute`` (the one read of the running totals behind
the counter) adds one to ``RECOMPUTES_KEY``, so the benchmark counts the recomputes
that concurrent readers trigger across gunicorn's workers.
"""

from django.core.cache import cache
from django.core.wsgi import get_wsgi_application

from benchmark_site import RECOMPUTES_KEY

application = get_wsgi_application()

from wagtail_villeslumieres.counter import totals  # noqa: E402 (after the apps are ready)

_compute = totals._compute


def counted_compute(*arguments):
    cache.add(RECOMPUTES_KEY, 0, None)
    cache.incr(RECOMPUTES_KEY)
    return _compute(*arguments)


totals._compute = counted_compute
