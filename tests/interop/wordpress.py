"""A throwaway WordPress for the interoperability tests: Debian's package on PHP's built-in server.

``.ci/wordpress.sh`` installs Debian's ``wordpress`` (and its Twenty Twenty-Three
theme), PHP and MariaDB, and writes the test-only configuration
``/etc/wordpress/config-villeslumieres-tests.php``. Each test session then gets:

- its own fresh MariaDB database (root over TCP on 127.0.0.1, no password),
  dropped at the end;
- ``php -S 127.0.0.1:<free port>`` serving ``/usr/share/wordpress`` through
  ``wordpress/router.php``, with the test-only must-use plugin of
  ``wordpress/mu-plugins/`` (it lets WordPress fetch the Django test server on
  loopback), stopped at the end;
- WordPress installed non-interactively with ``wp_install()`` and posts written with
  ``wp_insert_post()``, both through ``wordpress/wp-tool.php`` (Debian bookworm has
  no wp-cli package).

Every wait is bounded. The server's log is kept in the session's temporary directory.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent / "wordpress"
WORDPRESS_ROOT = Path("/usr/share/wordpress")
THEME = "twentytwentythree"
CONFIG_NAME = "villeslumieres-tests"
CONFIG_FILE = Path(f"/etc/wordpress/config-{CONFIG_NAME}.php")
DB_HOST = os.environ.get("VL_WP_DB_HOST", "127.0.0.1")
DB_PORT = os.environ.get("VL_WP_DB_PORT", "3306")
DB_USER = os.environ.get("VL_WP_DB_USER", "root")
START_TIMEOUT = 20
COMMAND_TIMEOUT = 60


class Unavailable(Exception):
    """What this machine lacks to run WordPress (the reason to skip, or to fail under CI)."""


def mariadb_client():
    return shutil.which("mariadb") or shutil.which("mysql")


def sql(statement):
    """Run one SQL statement on the MariaDB server as the tests' user."""
    subprocess.run(
        [
            mariadb_client(),
            f"--host={DB_HOST}",
            f"--port={DB_PORT}",
            f"--user={DB_USER}",
            "--connect-timeout=5",
            "--batch",
            "--execute",
            statement,
        ],
        check=True,
        capture_output=True,
        timeout=COMMAND_TIMEOUT,
    )


def check_available():
    """Raise ``Unavailable`` with what is missing, else return the PHP binary."""
    hint = "run .ci/wordpress.sh (as root) to install and configure it"
    php = shutil.which("php")
    if php is None:
        raise Unavailable(f"no PHP command-line interpreter: {hint}")
    if not (WORDPRESS_ROOT / "wp-settings.php").exists():
        raise Unavailable(f"Debian's wordpress package is not installed: {hint}")
    if not (WORDPRESS_ROOT / "wp-content" / "themes" / THEME).is_dir():
        raise Unavailable(f"the {THEME} theme is not installed: {hint}")
    if not CONFIG_FILE.exists():
        raise Unavailable(f"no test configuration {CONFIG_FILE}: {hint}")
    if mariadb_client() is None:
        raise Unavailable(f"no MariaDB client: {hint}")
    try:
        sql("SELECT 1")
    except (subprocess.SubprocessError, OSError) as error:
        raise Unavailable(f"MariaDB is not reachable at {DB_HOST}:{DB_PORT}: {hint}") from error
    return php


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


@dataclass
class WordPress:
    """A running WordPress: ``url``, and the posts written into it."""

    php: str
    url: str
    database: str
    log: Path
    process: subprocess.Popen | None = None
    env: dict = field(default_factory=dict)

    def tool(self, *args, input=None):
        """Run ``wp-tool.php`` with ``args``; its JSON answer."""
        result = subprocess.run(
            [self.php, str(HERE / "wp-tool.php"), *args],
            input=input,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
        )
        if result.returncode != 0:
            raise RuntimeError(f"wp-tool.php {args[0]} failed: {result.stderr or result.stdout}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def install(self):
        return self.tool("install")

    def create_post(self, title, content):
        """Publish a post with ``content`` (as its editor saves it); returns ``{id, url}``."""
        return self.tool("post", title, input=content)

    def editor_preview(self, url):
        """What the block editor's Embed block asks: ``{status, data}`` of the oEmbed proxy."""
        return self.tool("proxy", url)

    def server_log(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start(tmp_dir):
    """Create the database, start PHP's server and install WordPress; returns a ``WordPress``."""
    php = check_available()
    port = free_port()
    database = f"vl_wp_{os.getpid()}_{secrets.token_hex(3)}"
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "VL_WP_DB_NAME": database,
        "VL_WP_DB_HOST": f"{DB_HOST}:{DB_PORT}",
        "VL_WP_DB_USER": DB_USER,
        "VL_WP_URL": url,
        "VL_WP_MU_PLUGINS": str(HERE / "mu-plugins"),
        "PHP_CLI_SERVER_WORKERS": "3",
    }
    wordpress = WordPress(php=php, url=url, database=database, log=tmp_dir / "php-server.log")
    wordpress.env = env
    sql(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        with wordpress.log.open("wb") as log:
            wordpress.process = subprocess.Popen(
                [
                    php,
                    "-S",
                    f"127.0.0.1:{port}",
                    "-t",
                    str(WORDPRESS_ROOT),
                    str(HERE / "router.php"),
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=tmp_dir,
                # Its own process group: the workers PHP forks stop with it.
                start_new_session=True,
            )
        if not wait_for_port(port, wordpress.process, START_TIMEOUT):
            raise RuntimeError(f"PHP's server did not start:\n{wordpress.server_log()}")
        wordpress.install()
    except BaseException:
        stop(wordpress)
        raise
    return wordpress


def stop(wordpress):
    """Stop the server and drop the database."""
    process = wordpress.process
    if process is not None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
    sql(f"DROP DATABASE IF EXISTS `{wordpress.database}`")
