"""The test settings with Wagtail's own i18n and without wagtail-localize.

``pytest --ds=tests.settings_plain_i18n``: the package must work for a site that
translates its pages with Wagtail's plain "Translate" action.
"""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

INSTALLED_APPS = [
    app for app in INSTALLED_APPS if app not in ("wagtail_localize", "wagtail_localize.locales")
]
INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.admin"), "wagtail.locales")
INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.admin"), "wagtail.contrib.simple_translation")
WAGTAIL_I18N_ENABLED = True
