"""Benchmark the public pages and the counter under gunicorn: ``make benchmark`` (first part).

Builds the demo in a throw-away PostgreSQL database (``BENCHMARK_DATABASE_URL``,
default ``postgres://postgres@127.0.0.1:5432/vl_benchmark``, dropped and created
again), adds 200 commitments and a bare page (``scripts/benchmark_site``), and
serves the example site with gunicorn (``--workers``, default 2) on a free port of
127.0.0.1, with Redis as the shared cache (``REDIS_URL``, default
``redis://127.0.0.1:6379/0``, under a key prefix of its own). Then, in one run:

1. page renders, one client, one request to each page in turn: the hub, an adopted individual,
   the commitment index (200 commitments), a commitment and the agenda beside a bare
   Wagtail page with the same base template: medians and ratios;
2. throughput, 16 clients, in interleaved rounds: the counter's JSON, its ``304``
   and the embed beside a trivial ``JsonResponse`` view and a static file served by
   the same server: medians and ratios;
3. 50 concurrent readers of the JSON after a session is saved (by another process):
   how many recomputes of the totals they trigger, across the workers;
4. the database stopped: the server reaches PostgreSQL through a TCP relay of this
   script, which then closes (refusing every connection, cutting the open ones);
   every public route is requested with a warm cache, then a cold one, and the
   statuses counted (target: no ``500``).

Nothing leaves 127.0.0.1; every loop is bounded and the run stops by itself.
"""

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "example_site"
SCRIPTS = ROOT / "scripts"

PAGES = ("bare", "hub", "individual", "index", "commitment", "agenda")
PAGE_LABELS = {
    "bare": "bare Wagtail page",
    "hub": "hub page",
    "individual": "adopted individual",
    "index": "commitment index (200)",
    "commitment": "commitment page",
    "agenda": "agenda page",
}
#: Every public route, for the database-away count.
PUBLIC_ROUTES = (
    "home",
    "hub",
    "agenda",
    "agenda_ical",
    "session_ical",
    "individual",
    "letter_kit",
    "index",
    "index_csv",
    "index_json",
    "index_rss",
    "index_atom",
    "commitment",
    "json",
    "hub_json",
    "embed",
    "oembed",
)
#: Routes that keep serving their last known copy while the database is away.
COUNTER_ROUTES = ("json", "hub_json", "embed", "oembed")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, headers=None):
    """``(status, body)`` of one ``GET`` on a fresh connection (raw socket: a cheap client)."""
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    status = int(response[9:12]) if response[:5] == b"HTTP/" else 0
    return status, response


def latencies(port, paths, requests):
    """``{name: [seconds, ...]}``: ``requests`` sequential requests to each path, taken in
    turn (one to each path, then the next), so that a burst of load on the machine
    falls on every path alike."""
    times = {name: [] for name in paths}
    for _ in range(requests):
        for name, path in paths.items():
            started = time.perf_counter()
            status, _body = get(port, path)
            times[name].append(time.perf_counter() - started)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
    return times


def throughput(port, path, requests, clients, headers=None, expect=200):
    """Requests per second of ``requests`` requests from ``clients`` threads."""

    def one(_):
        return get(port, path, headers)[0]

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    wrong = [status for status in statuses if status != expect]
    if wrong:
        raise SystemExit(f"{path}: {len(wrong)} answers were not {expect} ({wrong[:5]})")
    return requests / elapsed


def interleaved(rounds, measures):
    """``{name: [value per round]}``, the measures run one after the other in each round."""
    values = {name: [] for name in measures}
    for _ in range(rounds):
        for name, function in measures.items():
            values[name].append(function())
    return values


class Relay:
    """A TCP relay from a free port of 127.0.0.1 to the database server.

    ``stop()`` closes it: new connections are refused and open ones cut, as when
    the database server is stopped.
    """

    def __init__(self, host, port):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def stop(self):
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class Server:
    """gunicorn serving the example site (with the benchmark's anchors) on a free port."""

    def __init__(self, env, workers):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "benchmark_site.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=SITE,
            env=env,
        )
        for _ in range(300):
            try:
                get(self.port, "/benchmark/trivial.json")
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def with_database(url, port=None, host=None):
    """``url`` with another host and port."""
    parts = urlsplit(url)
    credentials = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    return parts._replace(netloc=f"{credentials}{host or parts.hostname}:{port}").geturl()


def oembed_path(port, embed):
    """The oEmbed address of the embed at ``embed`` as the server on ``port`` names it."""
    return "/villeslumieres/oembed/?format=json&url=" + quote(f"http://127.0.0.1:{port}{embed}", "")


def recreate_database(url):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def redis_reachable(url):
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def clear_cache(env):
    """Empties the benchmark's cache (its Redis key prefix, or its cache directory)."""
    if env.get("REDIS_URL"):
        import redis

        client = redis.Redis.from_url(env["REDIS_URL"])
        for key in client.scan_iter(match=f"{env['CACHE_KEY_PREFIX']}:*", count=1000):
            client.delete(key)
    else:
        import shutil

        shutil.rmtree(env["CACHE_DIR"], ignore_errors=True)


def run_content(env, *arguments):
    done = subprocess.run(
        [sys.executable, "-m", "benchmark_site.content", *map(str, arguments)],
        cwd=SITE,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


#: The issue's targets: a page's render at most this many times the bare page's.
PAGE_TARGETS = {"hub": 1.5, "individual": 1.8, "index": 1.8, "commitment": 1.8, "agenda": 1.8}


def report_pages(title, values):
    """Prints each page's median latency and its ratio to the bare page's; returns the ratios."""
    print(title)
    reference = statistics.median(values["bare"])
    ratios = {}
    for name, measured in values.items():
        median = statistics.median(measured)
        ratios[name] = median / reference
        target = f"(target ≤ {PAGE_TARGETS[name]}×)" if name in PAGE_TARGETS else "(anchor)"
        print(
            f"  {PAGE_LABELS[name]:<28} {median * 1000:7.1f} ms  "
            f"{ratios[name]:5.2f}× the bare page  {target}"
        )
    return ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--page-requests", type=int, default=20, help="per page and round")
    parser.add_argument("--requests", type=int, default=300, help="per endpoint and round")
    parser.add_argument(
        "--throughput-rounds", type=int, default=10, help="interleaved rounds of throughput"
    )
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()

    database = os.environ.get(
        "BENCHMARK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vl_benchmark"
    )
    run_id = uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmark_site.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": os.pathsep.join([str(SCRIPTS), str(SITE)]),
        "DATABASE_URL": database,
        # Persistent connections, as the production example configures them.
        "DATABASE_CONN_MAX_AGE": "60",
        "CACHE_KEY_PREFIX": f"vl-benchmark-{run_id}",
        "CACHE_DIR": str(Path(tempfile.gettempdir()) / f"vl-benchmark-cache-{run_id}"),
    }
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if redis_reachable(redis_url):
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    recreate_database(database)
    manage = [sys.executable, "manage.py"]
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=SITE, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=SITE, env=env, check=True, capture_output=True)
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v", "0"], cwd=SITE, env=env, check=True
    )
    urls = json.loads(run_content(env, "prepare"))
    print(f"demo, 200 commitments and a bare page built in {time.perf_counter() - started:.0f} s")
    cache = "Redis" if env.get("REDIS_URL") else "file-based"
    print(
        f"gunicorn, {args.workers} sync workers; PostgreSQL; {cache} cache; "
        "client threads in this process"
    )
    static = "/benchmark/static/wagtail_villeslumieres/embed/counter.css"
    server = Server(env, args.workers)
    try:
        port = server.port
        for path in (*(urls[name] for name in PAGES), urls["json"], urls["embed"], static):
            get(port, path)  # warm every worker's cache and templates
            get(port, path)

        # 1. Page renders beside the bare page.
        pages = latencies(
            port, {name: urls[name] for name in PAGES}, args.rounds * args.page_requests
        )
        print()
        page_ratios = report_pages(
            f"Page renders (median latency of {args.rounds * args.page_requests} sequential "
            "requests each, one to each page in turn):",
            pages,
        )

        # 2. Throughput beside a trivial JsonResponse and a static file.
        etag = None
        for line in get(port, urls["json"])[1].split(b"\r\n"):
            if line.lower().startswith(b"etag:"):
                etag = line.split(b":", 1)[1].strip().decode()

        def rate(path, headers=None, expect=200):
            return lambda: throughput(port, path, args.requests, args.clients, headers, expect)

        rates = interleaved(
            args.throughput_rounds,
            {
                "trivial JsonResponse": rate("/benchmark/trivial.json"),
                "static file": rate(static),
                "counter JSON": rate(urls["json"]),
                "counter JSON, 304": rate(urls["json"], {"If-None-Match": etag}, 304),
                "embed": rate(urls["embed"]),
            },
        )
        print()
        print(
            f"Throughput (medians of {args.throughput_rounds} interleaved rounds of "
            f"{args.requests} requests, {args.clients} clients):"
        )
        anchor = statistics.median(rates["trivial JsonResponse"])
        static_rate = statistics.median(rates["static file"])
        for name, measured in rates.items():
            median = statistics.median(measured)
            print(
                f"  {name:<28} {median:9.0f} req/s  {median / anchor:5.2f}× trivial JSON  "
                f"{median / static_rate:5.2f}× static file"
            )
        json_200 = statistics.median(rates["counter JSON"])
        json_304 = statistics.median(rates["counter JSON, 304"])
        print(f"  304 / 200: {json_304 / json_200:.2f}")

        # 3. 50 concurrent readers after a save.
        run_content(env, "save", urls["campaign"], urls["hub_id"])
        barrier = threading.Barrier(50)

        def reader():
            barrier.wait()
            return get(port, urls["json"])[0]

        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(lambda _: reader(), range(50)))
        recomputes = int(run_content(env, "recomputes"))
        print()
        print(
            f"50 concurrent readers of the JSON after a save: {recomputes} recompute(s) "
            f"(statuses {sorted(set(statuses))})"
        )
    finally:
        server.stop()

    # 4. The database stopped: a server reaching PostgreSQL through a relay.
    parts = urlsplit(database)
    relay = Relay(parts.hostname, parts.port or 5432)
    away_env = {
        **env,
        "DATABASE_URL": with_database(database, relay.port, "127.0.0.1"),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    server = Server(away_env, args.workers)
    try:
        port = server.port
        urls["oembed"] = oembed_path(port, urls["embed"])
        print()
        print("Database stopped (statuses of every public route, 3 requests each):")
        results = {}
        for phase in ("warm", "cold"):
            if phase == "warm":
                for name in PUBLIC_ROUTES:
                    answers = [get(port, urls[name])[0] for _ in range(2)]
                    results[("up", name)] = (answers, False)
                relay.stop()
            else:
                clear_cache(env)
            for name in PUBLIC_ROUTES:
                answers = [get(port, urls[name]) for _ in range(3)]
                statuses = [status for status, _body in answers]
                stale = name == "json" and all(b'"stale":true' in body for _s, body in answers)
                results[(phase, name)] = (statuses, stale)
        fives = 0
        for name in PUBLIC_ROUTES:
            up, _stale = results[("up", name)]
            warm, stale = results[("warm", name)]
            cold, _stale = results[("cold", name)]
            fives += sum(status == 500 for status in (*warm, *cold))
            note = "  (stale: true)" if stale else ""
            print(
                f"  {name:<14} database up {sorted(set(up))}  stopped: warm cache "
                f"{sorted(set(warm))}, cold cache {sorted(set(cold))}{note}"
            )
        counter_ok = all(set(results[("warm", name)][0]) == {200} for name in COUNTER_ROUTES)
        print(f"  500s: {fives}; counter routes 200 on a warm cache: {counter_ok}")
    finally:
        server.stop()
        relay.stop()
        clear_cache(env)

    print()
    ratios = ", ".join(f"{name} {ratio:.2f}×" for name, ratio in page_ratios.items())
    print(f"Page ratios to the bare page: {ratios}")


if __name__ == "__main__":
    main()
