"""The package's Wagtail admin, cut by role as Wagtail's own contrib apps are.

- ``permissions``: the hub scope, which hubs and sessions a user may touch.
- ``page_forms``, ``panels``: what page and snippet models name in their panels
  and ``base_form_class`` (these two import no model of the package).
- ``forms``: the writing-session form.
- ``filters``: listing and report filters.
- ``views``: the session views limited to the user's hubs, the reports, the
  audit-log formatter and the reports' menu items.
- ``dashboard``: the letter counter panel on the admin's home page.
- ``viewsets``: the snippet viewsets.
- ``urls``: the admin URLs, in the ``wagtail_villeslumieres_admin`` namespace.

``wagtail_hooks.py`` only registers these with Wagtail.
"""
