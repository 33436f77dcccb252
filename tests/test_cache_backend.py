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
