from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillesLumieresConfig(AppConfig):
    name = "wagtail_villeslumieres"
    label = "wagtail_villeslumieres"
    verbose_name = _("Ville lumières")
    # Pinned so that a host project with another DEFAULT_AUTO_FIELD does not get
    # a spurious migration for this app.
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .counter import signals  # noqa: F401  (connects the receivers)
        from .image_metadata import connect as strip_image_metadata_on_save

        strip_image_metadata_on_save()
