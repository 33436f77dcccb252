"""Benchmark the counter's public endpoints under load: ``make benchmark``.

Builds the demo in a throw-away database (``DATABASE_URL``, default a temporary
SQLite file), serves the example site with gunicorn on a free port of 127.0.0.1
(``--workers``, default 2; ``REDIS_URL`` gives the workers a shared cache), then
sends a bounded number of requests from a pool of client threads to each
endpoint and prints requests per second and latency percentiles. Traffic only
goes to 127.0.0.1; the run stops by itself.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "example_site"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def measure(name, url, requests, clients, headers=None):
    fetch(url, headers)  # warm the cache
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(lambda _: fetch(url, headers), range(requests)))
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for _, latency in results)
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    print(
        f"{name:<28} {requests / elapsed:8.0f} req/s   p50 {p50:6.1f} ms   "
        f"p95 {p95:6.1f} ms   statuses {statuses}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="vl-benchmark-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "villeslumieres_demo.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(SITE),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'benchmark.sqlite3'}")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=SITE, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=SITE, env=env, check=True, capture_output=True)
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v", "0"], cwd=SITE, env=env, check=True
    )
    slug = (
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from wagtail_villeslumieres.models import LetterCampaign\n"
                "print('SLUG=' + LetterCampaign.objects.order_by('starts_on').first().slug)",
            ],
            cwd=SITE,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.split("SLUG=")[1]
        .split()[0]
    )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "villeslumieres_demo.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=SITE,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.1)
        cache = "Redis" if env.get("REDIS_URL") else "per-process memory"
        database = env["DATABASE_URL"].split(":")[0]
        print(
            f"{args.requests} requests per endpoint, {args.clients} clients, "
            f"{args.workers} gunicorn workers, {database}, {cache} cache"
        )
        json_url = f"{base}/villeslumieres/counter/{slug}.json"
        measure("counter JSON", json_url, args.requests, args.clients)
        status, _ = fetch(json_url)
        etag = urllib.request.urlopen(json_url).headers["ETag"]  # noqa: S310 - loopback
        measure("counter JSON, 304", json_url, args.requests, args.clients, {"If-None-Match": etag})
        measure(
            "embed page",
            f"{base}/villeslumieres/embed/counter/{slug}/?style=progress",
            args.requests,
            args.clients,
        )
        measure("hub page", f"{base}/fr/ville-lumieres/", args.requests // 4, args.clients)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
