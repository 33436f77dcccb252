"""The example site's settings: what the demo relies on."""


def test_the_demo_caches_in_a_place_every_process_shares(monkeypatch):
    import importlib

    import villeslumieres_demo.settings as demo

    monkeypatch.delenv("REDIS_URL", raising=False)
    reloaded = importlib.reload(demo)
    backend = reloaded.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.filebased.FileBasedCache"
