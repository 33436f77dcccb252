"""Independent validators run over the package's public documents.

- HTML: the W3C Nu HTML Checker (``vnu.jar`` from the npm package ``vnu-jar``, run
  with the system Java). One checker runs for the whole test session, as an HTTP
  service on 127.0.0.1: starting the JVM per document would cost seconds each.
- Atom and RSS: ``feedparser`` (its ``bozo`` flag), plus RFC 4287's MUST rules that
  feedparser does not enforce.
- iCalendar: ``icalendar``, ``vobject``, ``ics`` and ical.js (run with node).
- Structured data: ``extruct`` (JSON-LD, Open Graph).
- CSV: ``frictionless``.

``.ci/validators.sh`` installs Java, node and the npm packages. Without Java or
node the tests that need them skip with the reason, except under CI (``CI`` set),
where they fail.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405  (parses the package's own output)
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
VNU_JAR = Path(os.environ.get("VNU_JAR") or HERE / "node_modules/vnu-jar/build/dist/vnu.jar")
ICALJS_SCRIPT = HERE / "icaljs_parse.mjs"
ICALJS_MODULE = HERE / "node_modules/ical.js"
INSTALL_HINT = "run .ci/validators.sh"
#: Seconds the Nu checker may take to start (it answers after about 3 s here).
NU_STARTUP_TIMEOUT = 60
NU_REQUEST_TIMEOUT = 30

ATOM = "{http://www.w3.org/2005/Atom}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if str(HERE) in str(item.fspath):
            item.add_marker(pytest.mark.validators)


def missing(reason):
    """Skip the test for ``reason``; under CI, fail it: CI must run every validator."""
    if os.environ.get("CI"):
        pytest.fail(f"CI requires the validators: {reason} ({INSTALL_HINT})")
    pytest.skip(f"{reason} ({INSTALL_HINT})")


# ---------------------------------------------------------------------------
# The Nu HTML Checker
# ---------------------------------------------------------------------------


def _free_port():
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NuChecker:
    """The Nu checker's HTTP service (``nu.validator.servlet.Main``) on 127.0.0.1."""

    def __init__(self, java, jar):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(
            [
                java,
                "-Xss4m",  # the HTML schema's grammar recurses deeply
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(jar),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, timeout=NU_STARTUP_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Nu checker exited at startup:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"the Nu checker did not answer within {timeout} s:\n{self.output()}")

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def messages(self, html):
        """Every message the checker gives on ``html`` (bytes, UTF-8)."""
        request = urllib.request.Request(
            self.url,
            data=html,
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=NU_REQUEST_TIMEOUT) as response:
            return json.load(response)["messages"]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="session")
def nu_checker():
    java = shutil.which("java")
    if java is None:
        missing("no Java found for the Nu HTML Checker (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing(f"no vnu.jar at {VNU_JAR} (npm ci in tests/validators)")
    checker = NuChecker(java, VNU_JAR)
    try:
        checker.wait_until_ready()
        yield checker
    finally:
        checker.stop()


def is_error(message):
    """An error, or a failure to check at all ("non-document-error")."""
    return message["type"] in ("error", "non-document-error")


def describe(message):
    where = f"line {message['lastLine']}: " if "lastLine" in message else ""
    extract = f"  [{message['extract'].strip()}]" if message.get("extract") else ""
    return f"{where}{message['message']}{extract}"


@pytest.fixture
def nu_check(nu_checker):
    """``nu_check(html_bytes)``: the Nu checker's errors on the document, as text."""

    def check(html):
        return [describe(message) for message in nu_checker.messages(html) if is_error(message)]

    return check


@pytest.fixture
def nu_messages(nu_checker):
    """``nu_messages(html_bytes)``: every message (errors, warnings, info) as dicts."""
    return nu_checker.messages


# ---------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------


def feedparser_problems(content):
    """What feedparser reports as wrong with the feed (empty if well formed)."""
    import feedparser

    parsed = feedparser.parse(content)
    return [repr(parsed.get("bozo_exception"))] if parsed.bozo else []


def atom_must_violations(content, requested_url):
    """The RFC 4287 MUST rules the Atom document ``content`` breaks, as text.

    Checked: the feed has one atom:id, atom:title and atom:updated (4.1.1); every
    entry has atom:id, atom:title and atom:updated (4.1.2); every entry has an
    atom:author or the feed has one (4.1.1, 4.1.2); dates are RFC 3339 (3.3); the
    rel="self" link is the URL the feed was requested at, query included (RFC 4287
    4.2.7.2, RFC 5005).
    """
    root = ET.fromstring(content)  # noqa: S314  (the package's own output)
    problems = []
    if root.tag != f"{ATOM}feed":
        return [f"the root element is {root.tag}, not atom:feed"]
    for name in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{name}")) != 1:
            problems.append(f"atom:feed must have exactly one atom:{name} (RFC 4287 4.1.1)")
    feed_has_author = root.find(f"{ATOM}author") is not None
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), start=1):
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{name}")) != 1:
                problems.append(
                    f"entry {number}: atom:entry must have exactly one atom:{name} (RFC 4287 4.1.2)"
                )
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            problems.append(
                f"entry {number}: no atom:author, and the feed has none (RFC 4287 4.1.1)"
            )
    for element in root.iter():
        if element.tag in (f"{ATOM}updated", f"{ATOM}published") and not _rfc3339(element.text):
            problems.append(f"{element.tag} {element.text!r} is not an RFC 3339 date-time")
    selves = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if selves != [requested_url]:
        problems.append(f'rel="self" is {selves}, not the requested URL {requested_url!r}')
    return problems


def _rfc3339(text):
    import datetime

    try:
        value = datetime.datetime.fromisoformat(text or "")
    except ValueError:
        return False
    return value.tzinfo is not None and "T" in text


# ---------------------------------------------------------------------------
# iCalendar
# ---------------------------------------------------------------------------


def parse_with_icalendar(content):
    """``{uid: (DTSTAMP, LAST-MODIFIED)}`` as read by ``icalendar``."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(content)
    return {
        str(event["UID"]): (event.decoded("DTSTAMP"), event.decoded("LAST-MODIFIED"))
        for event in calendar.walk("VEVENT")
    }


def parse_with_vobject(content):
    """``{uid: (DTSTAMP, LAST-MODIFIED)}`` as read by ``vobject``."""
    import vobject

    calendar = vobject.readOne(content.decode("utf-8"))
    return {
        event.uid.value: (event.dtstamp.value, event.last_modified.value)
        for event in calendar.contents.get("vevent", [])
    }


def parse_with_ics(content):
    """``{uid: (start, end)}`` as read by ``ics`` (it keeps no DTSTAMP)."""
    import ics

    calendar = ics.Calendar(content.decode("utf-8"))
    return {event.uid: (event.begin.datetime, event.end.datetime) for event in calendar.events}


@pytest.fixture(scope="session")
def icaljs_parse():
    """``icaljs_parse({name: bytes})``: ical.js's reading of each calendar, in one node run."""
    node = shutil.which("node")
    if node is None:
        missing("no node found for ical.js (apt-get install nodejs)")
    if not ICALJS_MODULE.exists():
        missing(f"ical.js is not installed in {HERE / 'node_modules'} (npm ci)")

    def parse(documents):
        with tempfile.TemporaryDirectory() as directory:
            paths = {}
            for name, content in documents.items():
                path = Path(directory) / f"{name}.ics"
                path.write_bytes(content)
                paths[str(path)] = name
            result = subprocess.run(
                [node, str(ICALJS_SCRIPT), *paths],
                capture_output=True,
                timeout=60,
                check=True,
                cwd=HERE,
            )
        return {paths[path]: value for path, value in json.loads(result.stdout).items()}

    return parse


# ---------------------------------------------------------------------------
# Structured data and open data
# ---------------------------------------------------------------------------


def structured_data(html, url):
    """JSON-LD and Open Graph of ``html`` as ``extruct`` reads them."""
    import extruct

    return extruct.extract(
        html.decode("utf-8"), base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True
    )


def csv_errors(content):
    """What ``frictionless`` finds wrong with a CSV file (empty if valid), as text."""
    from frictionless import Resource, validate

    # frictionless would keep a byte order mark as part of the first label.
    data = content.decode("utf-8-sig").encode("utf-8")
    report = validate(Resource(data, format="csv", encoding="utf-8"))
    return [f"{kind}: {message}" for kind, message in report.flatten(["type", "message"])]


def csv_rows(content):
    """The CSV's rows as ``frictionless`` reads them (dicts, values typed)."""
    from frictionless import Resource

    data = content.decode("utf-8-sig").encode("utf-8")
    return Resource(data, format="csv", encoding="utf-8").read_rows()
