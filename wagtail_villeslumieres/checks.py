"""Django system checks: misconfiguration is reported at start-up, not at request time."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import get_resolver

from .conf import DEFAULTS, OLD_NAMES, RENAMED, SETTING_NAME, vl_settings

REQUIRED_APPS = [
    "wagtail",
    "wagtail.snippets",
    "wagtail.images",
    "wagtail.embeds",
    "wagtail.documents",
    "wagtail.contrib.routable_page",
    "modelcluster",
]

URL_NAMESPACE = "wagtail_villeslumieres"


@register(Tags.compatibility)
def check_required_apps(app_configs, **kwargs):
    """E001: the apps the package's models and admin build on."""
    errors = []
    for module in REQUIRED_APPS:
        if not apps.is_installed(module):
            errors.append(
                Error(
                    f"'{module}' must be in INSTALLED_APPS to use wagtail_villeslumieres.",
                    hint=f"Add '{module}' to INSTALLED_APPS.",
                    id="wagtail_villeslumieres.E001",
                )
            )
    return errors


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    """E002-E005, E007: the WAGTAIL_VILLESLUMIERES dict and its values."""
    errors = []
    user = getattr(settings, SETTING_NAME, {})
    if not isinstance(user, dict):
        return [
            Error(
                f"{SETTING_NAME} must be a dict, not {type(user).__name__}.",
                id="wagtail_villeslumieres.E002",
            )
        ]
    for key in sorted(set(user) - set(DEFAULTS) - set(RENAMED)):
        errors.append(
            Error(
                f"Unknown key {key!r} in {SETTING_NAME}.",
                hint="Known keys: " + ", ".join(sorted(DEFAULTS)) + ".",
                id="wagtail_villeslumieres.E002",
            )
        )
    positive_ints = [
        "CACHE_TIMEOUT",
        "MAX_COUNT_PER_SESSION",
        "EMBED_REFRESH_INTERVAL",
        "COUNTER_MAX_AGE",
        "COUNTER_STALE_WHILE_REVALIDATE",
        "COUNTER_STALE_IF_ERROR",
        "COMMITMENTS_PER_PAGE",
        "CONSENT_REVIEW_DAYS",
        "REPORTING_LINK_DAYS",
        "REPORTING_SUBMISSIONS_PER_LINK",
        "REPORTING_SUBMISSIONS_PER_CLIENT",
        "REPORTING_RATE_PERIOD",
        "NETWORK_PULL_CONCURRENCY",
        "NETWORK_MAX_BODY_BYTES",
        "NETWORK_MAX_COUNT",
    ]
    for key in positive_ints:
        # Read as the package reads it: the new key, else its deprecated old name.
        value = user.get(key, user.get(OLD_NAMES.get(key), DEFAULTS[key]))
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            errors.append(
                Error(
                    f"{SETTING_NAME}['{key}'] must be a whole number above zero, not {value!r}.",
                    id="wagtail_villeslumieres.E003",
                )
            )
    if vl_settings.CACHE_ALIAS not in settings.CACHES:
        errors.append(
            Error(
                f"{SETTING_NAME}['CACHE_ALIAS'] names the cache {vl_settings.CACHE_ALIAS!r}, "
                "which is not in CACHES.",
                hint="Use one of: " + ", ".join(sorted(settings.CACHES)) + ".",
                id="wagtail_villeslumieres.E004",
            )
        )
    ancestors = vl_settings.EMBED_FRAME_ANCESTORS
    if not isinstance(ancestors, list | tuple) or not all(
        isinstance(origin, str) and (origin == "*" or origin.startswith(("https://", "http://")))
        for origin in ancestors
    ):
        errors.append(
            Error(
                f"{SETTING_NAME}['EMBED_FRAME_ANCESTORS'] must be a list of origins such as "
                "'https://example.org', or ['*'] for any site.",
                id="wagtail_villeslumieres.E005",
            )
        )
    policy = vl_settings.CONTENT_SECURITY_POLICY
    if policy is not None and not (
        isinstance(policy, dict)
        and all(
            isinstance(directive, str)
            and (
                isinstance(sources, str)
                or (isinstance(sources, list | tuple) and all(isinstance(s, str) for s in sources))
            )
            for directive, sources in policy.items()
        )
    ):
        errors.append(
            Error(
                f"{SETTING_NAME}['CONTENT_SECURITY_POLICY'] must be None (the package's "
                "policy), or a dict of directive names to lists of sources, such as "
                "{'default-src': [\"'self'\"]}.",
                id="wagtail_villeslumieres.E007",
            )
        )
    errors += _reporting_errors()
    return errors


#: The values of ``REPORTING_MODERATION``.
REPORTING_MODERATION_MODES = ("confirm", "immediate")


def _reporting_errors():
    """E008: the reporting links' moderation mode and e-mail switch."""
    errors = []
    if vl_settings.REPORTING_MODERATION not in REPORTING_MODERATION_MODES:
        errors.append(
            Error(
                f"{SETTING_NAME}['REPORTING_MODERATION'] must be 'confirm' (reports wait for "
                f"an editor) or 'immediate' (reports count at once), not "
                f"{vl_settings.REPORTING_MODERATION!r}.",
                id="wagtail_villeslumieres.E008",
            )
        )
    if not isinstance(vl_settings.REPORTING_NOTIFY_EDITORS, bool):
        errors.append(
            Error(
                f"{SETTING_NAME}['REPORTING_NOTIFY_EDITORS'] must be True or False.",
                id="wagtail_villeslumieres.E008",
            )
        )
    return errors


@register(Tags.compatibility)
def check_renamed_settings(app_configs, **kwargs):
    """W003: a key that was renamed; it still works until the release after next."""
    user = getattr(settings, SETTING_NAME, {})
    if not isinstance(user, dict):
        return []
    return [
        Warning(
            f"{SETTING_NAME}[{old!r}] is deprecated.",
            hint=f"Rename it to {new!r}"
            + (f" and remove {old!r}: {new!r} is set too." if new in user else "."),
            id="wagtail_villeslumieres.W003",
        )
        for old, new in RENAMED.items()
        if old in user
    ]


@register(Tags.templates)
def check_base_template(app_configs, **kwargs):
    """E006: the base template every public page extends must exist."""
    try:
        get_template(vl_settings.BASE_TEMPLATE)
    except TemplateDoesNotExist:
        return [
            Error(
                f"{SETTING_NAME}['BASE_TEMPLATE'] is {vl_settings.BASE_TEMPLATE!r}, "
                "but no such template was found.",
                hint="Create it, or remove the key to use the package's own base template.",
                id="wagtail_villeslumieres.E006",
            )
        ]
    except ImproperlyConfigured:
        return []
    return []


@register(Tags.urls)
def check_urls_included(app_configs, **kwargs):
    """W001: the package's URLs (the counter's JSON, embed and oEmbed) are included."""
    if URL_NAMESPACE not in get_resolver().namespace_dict:
        return [
            Warning(
                "The wagtail_villeslumieres URLs are not included: the letter counter's "
                "JSON, embed and oEmbed provider will not be reachable.",
                hint=(
                    "Add path('villeslumieres/', include('wagtail_villeslumieres.urls')) "
                    "to your URLconf, before Wagtail's own catch-all include."
                ),
                id="wagtail_villeslumieres.W001",
            )
        ]
    return []


@register(Tags.compatibility)
def check_cache_is_shared(app_configs, **kwargs):
    """W002: in production, a per-process cache shows each process its own totals."""
    if settings.DEBUG or vl_settings.CACHE_ALIAS not in settings.CACHES:
        return []
    backend = settings.CACHES[vl_settings.CACHE_ALIAS].get("BACKEND", "")
    if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
        return [
            Warning(
                f"The cache {vl_settings.CACHE_ALIAS!r} used for letter totals is "
                "local to each process.",
                hint=(
                    "A saved session invalidates the totals in the cache of the process "
                    "that saved it only: every other process (another worker, a shell, a "
                    "task) may show an old total for up to CACHE_TIMEOUT seconds. Use a "
                    "cache all processes share: Redis "
                    "(wagtail_villeslumieres.cache.RedisCache), or, without another "
                    "service, Django's database or file-based cache."
                ),
                id="wagtail_villeslumieres.W002",
            )
        ]
    return []
