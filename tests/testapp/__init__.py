"""The test suite's own small site: a home page model, URLs and templates.

The package is tested against this app alone, never against the example site
(whose own tests live in ``example_site/tests/``).
"""
