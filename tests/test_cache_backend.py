"""The Redis cache backend builds its Redis client once and otherwise behaves as Django's."""

import os
import socket

import pytest

from wagtail_villeslumieres.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture
def redis_cache():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            raise
        pytest.skip("needs Redis on 127.0.0.1:6379")
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"vl-backend-test-{os.getpid()}"})
    yield cache
    cache.delete_many(["a", "b"])


def test_every_call_uses_the_same_redis_client(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.set("a", 1)
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client("a") is client


def test_it_stores_and_reads_like_djangos_backend(redis_cache):
    redis_cache.set_many({"a": {"total": 3700}, "b": b"body"})
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"total": 3700}, "b": b"body"}
    assert redis_cache.add("a", 0) is False


def test_calls_keep_one_connection_and_reconnect_when_redis_drops_it(redis_cache):
    redis_cache.set("a", 1)
    client = redis_cache._cache.get_client()
    connection = client.connection
    for _ in range(20):
        assert redis_cache.get_many(["a", "b"]) == {"a": 1}
    assert client.connection is connection
    # Redis closes the connection (a restart, an idle timeout): the next call reconnects.
    client_id = client.client_id()
    killer = RedisCache(REDIS_URL, {})._cache.get_client()
    assert killer.client_kill_filter(_id=client_id) == 1
    assert redis_cache.get("a") == 1


def test_a_forked_process_uses_its_own_connection(redis_cache):
    redis_cache.set("a", 1)
    parent_client = redis_cache._cache.get_client()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answers whether it built its own client, and reads
        try:
            own = redis_cache._cache.get_client() is not parent_client
            os.write(writer, b"1" if own and redis_cache.get("a") == 1 else b"0")
        finally:
            os._exit(0)
    os.close(writer)
    answer = os.read(reader, 1)
    os.waitpid(pid, 0)
    assert answer == b"1"
    # The parent's connection was not used by the child: it still answers in order.
    assert redis_cache.get_many(["a"]) == {"a": 1}
