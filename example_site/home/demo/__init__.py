"""Demo content of the example site, one module per part of the package.

Every loader is idempotent: it looks its objects up by a stable key (a slug, a
name, a date) and only creates what is missing, so running ``load_demo`` twice
changes nothing.
"""
