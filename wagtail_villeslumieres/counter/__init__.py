"""The letter counter of the "Marathon des lettres": the package's main product.

One subpackage, its modules in the order they depend on one another:

- ``styles``: the one table of counter styles (label, on-site template, embed
  template, height).
- ``languages``: the languages a counter speaks, and picking an object's
  translation in one of them.
- ``totals``: the one place figures are computed from writing sessions, and cached.
- ``payload``: the public contract every reader builds on (the JSON's keys).
- ``pages``: which counter a page shows (what its address embeds elsewhere).
- ``embed_code``: the addresses and the ready-to-paste code of an embed.
- ``http``: the public responses' headers (caching, validators, CORS, framing).
- ``signals``: what a saved or deleted session, campaign or hub invalidates.

Readers live by role elsewhere: the JSON, embed and oEmbed views in ``views/``,
the template tag in ``templatetags/``, the block in ``blocks.py``, the dashboard
panel and report in ``admin/``. None of them aggregates writing sessions.
"""
