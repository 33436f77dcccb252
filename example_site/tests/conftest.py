"""The example site's tests reuse the package suite's fixtures (site tree, users) and
browser; there ``tests.factories`` builds the example site's ``home.HomePage``
(``TESTS_HOME_PAGE_MODEL`` in ``settings.py``)."""

pytest_plugins = ["tests.conftest", "tests.browser.conftest", "tests.validators.conftest"]
