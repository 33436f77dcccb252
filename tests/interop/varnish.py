"""A real Varnish in front of pytest-django's live server, as a stand-in for a CDN.

``varnishd`` (Debian package ``varnish``, installed by ``.ci/varnish.sh``) runs
once per session, in the foreground under ``subprocess``, with its own working
directory (``-n``), on a free loopback port, no jail and no system-wide state.
Its VCL is ``varnish/test.vcl`` with the live server's address filled in. Each
test gets an empty cache (everything banned first).

Without ``varnishd`` the tests skip with a reason, except under CI (``CI``
set), where a missing Varnish fails.
"""

import http.client
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

VCL_TEMPLATE = Path(__file__).resolve().parent / "varnish" / "test.vcl"

#: How long varnishd may take to compile its VCL and start its child.
STARTUP_TIMEOUT = 30
#: How long a single HTTP request through Varnish or a CLI command may take.
REQUEST_TIMEOUT = 10

#: Small, quick, and only the application's headers decide what is cached.
PARAMETERS = {
    "default_ttl": "0",
    "default_grace": "0",
    "default_keep": "0",
    "thread_pools": "1",
    "thread_pool_min": "5",
    "thread_pool_max": "50",
    "connect_timeout": "2",
    "first_byte_timeout": "10",
    "between_bytes_timeout": "10",
    "backend_idle_timeout": "1",
    "cli_timeout": "10",
    "syslog_cli_traffic": "off",
}


def find_program(name, variable):
    """``$variable`` if set, else ``name`` on the PATH or in /usr/sbin; ``None`` if absent."""
    if os.environ.get(variable):
        return shutil.which(os.environ[variable])
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")


def missing(reason):
    if os.environ.get("CI"):
        pytest.fail(f"CI requires the Varnish tests: {reason}")
    pytest.skip(reason)


def loopback_address(host):
    """The IPv4 loopback address ``host`` stands for (``localhost`` is 127.0.0.1)."""
    address = "127.0.0.1" if host == "localhost" else host
    if not ipaddress.ip_address(address).is_loopback:
        raise ValueError(f"refusing to put Varnish in front of a non-loopback address: {host}")
    return address


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name, default=None):
        return self.headers.get(name, default)

    @property
    def cache(self):
        """``HIT``, ``MISS`` or ``PASS`` (the ``X-Cache`` header test.vcl adds)."""
        return self.headers.get("X-Cache")

    @property
    def varnish_ids(self):
        """The ``X-Varnish`` ids: one on a miss, two (this request, the cached one) on a hit."""
        return self.headers.get("X-Varnish", "").split()

    @property
    def age(self):
        return int(self.headers.get("Age", "0"))


@dataclass
class Varnish:
    """A running ``varnishd``: its address, and helpers to talk to it."""

    varnishadm: str
    #: The temporary directory holding the VCL, the log and varnishd's working directory.
    root: Path
    process: subprocess.Popen
    #: The live server's (address, port).
    backend: tuple
    port: int = 0

    @property
    def workdir(self):
        """varnishd's ``-n`` directory (shared memory log, CLI secret, compiled VCL)."""
        return self.root / "n"

    @property
    def log(self):
        return self.root / "varnishd.log"

    @property
    def host(self):
        """The ``Host`` of the public address (what a Site and the purges name)."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self):
        return f"http://{self.host}"

    def request(self, method, path, headers=None, host=None):
        """One request through Varnish (a new connection each time, no cookies)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host or self.host)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, path, headers=None, host=None):
        return self.request("GET", path, headers, host)

    def admin(self, *command):
        """A varnishadm command; its output, or an error with varnishadm's message."""
        result = subprocess.run(
            [self.varnishadm, "-n", str(self.workdir), "-t", "5", *command],
            capture_output=True,
            text=True,
            timeout=REQUEST_TIMEOUT,
        )
        if result.returncode != 0:
            raise RuntimeError(f"varnishadm {' '.join(command)}: {result.stdout}{result.stderr}")
        return result.stdout

    def ban_everything(self):
        self.admin("ban", "obj.status", "!=", "0")

    def log_text(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _listen_port(varnish):
    """The port varnishd bound for ``-a 127.0.0.1:0``, or ``None`` while it is starting."""
    try:
        output = varnish.admin("debug.listen_address")
    except (RuntimeError, subprocess.TimeoutExpired):
        return None
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "127.0.0.1" and parts[2].isdigit():
            return int(parts[2])
    return None


def _accepts_connections(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _stop(process):
    if process.poll() is None:
        # The manager stops its child on SIGTERM.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def start_varnish(backend_host, backend_port):
    """Starts varnishd in front of ``backend_host:backend_port``; a ``Varnish`` once it serves."""
    varnishd = find_program("varnishd", "VARNISHD")
    varnishadm = find_program("varnishadm", "VARNISHADM")
    if varnishd is None or varnishadm is None:
        missing("no varnishd/varnishadm found (run .ci/varnish.sh, or apt-get install varnish)")
    address = loopback_address(backend_host)
    root = Path(tempfile.mkdtemp(prefix="vl-varnish-"))
    varnish = Varnish(varnishadm, root, None, (address, backend_port))
    vcl = root / "test.vcl"
    vcl.write_text(
        VCL_TEMPLATE.read_text()
        .replace("{{BACKEND_HOST}}", address)
        .replace("{{BACKEND_PORT}}", str(backend_port))
    )
    # -F: in the foreground, as a child of this process; -j none: no jail, no
    # system user; -n: a working directory of our own, removed at the end.
    command = [varnishd, "-F", "-j", "none", "-n", str(varnish.workdir)]
    command += ["-a", "127.0.0.1:0", "-T", "127.0.0.1:0", "-f", str(vcl), "-s", "malloc,32m"]
    for name, value in PARAMETERS.items():
        command += ["-p", f"{name}={value}"]
    with varnish.log.open("wb") as output:
        varnish.process = process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        port = _listen_port(varnish)
        if port and _accepts_connections(port):
            varnish.port = port
            return varnish
        time.sleep(0.1)
    code = process.poll()
    state = f"exited with status {code}" if code is not None else "did not serve"
    text = varnish.log_text()
    _stop(process)
    shutil.rmtree(root, ignore_errors=True)
    pytest.fail(f"varnishd {state} within {STARTUP_TIMEOUT} s of starting:\n{text}")


def stop_varnish(varnish):
    _stop(varnish.process)
    shutil.rmtree(varnish.root, ignore_errors=True)


@pytest.fixture(scope="session")
def varnishd(live_server):
    """varnishd in front of the session's live server (started once, stopped at the end)."""
    varnish = start_varnish(live_server.thread.host, live_server.thread.port)
    yield varnish
    stop_varnish(varnish)


@pytest.fixture
def varnish(varnishd, live_server):
    """The session's Varnish with an empty cache."""
    varnishd.ban_everything()
    return varnishd
