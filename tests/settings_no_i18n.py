"""The test settings with Wagtail's i18n off and without wagtail-localize.

``pytest --ds=tests.settings_no_i18n``: a single-language site.
"""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

INSTALLED_APPS = [
    app for app in INSTALLED_APPS if app not in ("wagtail_localize", "wagtail_localize.locales")
]
WAGTAIL_I18N_ENABLED = False
