"""Counting the requests the live server is serving, so a test can wait for them to end.

With SQLite in memory, pytest-django's live server shares the test's one database
connection with its request threads. A request still running when a test ends (a
browser's last fetch, an embed's poll) would then run its queries in the middle of
the emptying of the database that ends a transactional test, on the same connection,
and break it for every test after. ``InFlight`` wraps the live server's WSGI
application and counts the requests between their start and the close of their
response; ``wait_until_idle`` waits until none has run for a short quiet time.
"""

import threading
import time

#: No request for this long (seconds) after the last one ended: the server is idle.
QUIET = 0.05
#: The longest a test waits for the server's requests to end (seconds).
TIMEOUT = 15.0


class InFlight:
    """A WSGI application counting the requests ``app`` is serving."""

    def __init__(self, app):
        self.app = app
        self.serving = 0
        self.last_activity = time.monotonic()
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        self._add(1)
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self._add(-1)
            raise
        return _ClosingResult(result, lambda: self._add(-1))

    def _add(self, step):
        with self.changed:
            self.serving += step
            self.last_activity = time.monotonic()
            self.changed.notify_all()

    def wait_until_idle(self, quiet=QUIET, timeout=TIMEOUT):
        """Waits until no request is served and none started for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                now = time.monotonic()
                if now >= deadline:
                    return False
                if self.serving == 0 and now - self.last_activity >= quiet:
                    return True
                wait = quiet if self.serving == 0 else deadline - now
                self.changed.wait(min(wait, deadline - now))


class _ClosingResult:
    """A response's iterable that reports its ``close()`` (the end of the request)."""

    def __init__(self, result, on_close):
        self.result = result
        self.on_close = on_close

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            close = getattr(self.result, "close", None)
            if close is not None:
                close()
        finally:
            self.on_close()
