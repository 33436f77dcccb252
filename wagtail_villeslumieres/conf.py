"""The package's settings: one ``WAGTAIL_VILLESLUMIERES`` dict, every key optional.

Read them through ``vl_settings``::

    from wagtail_villeslumieres.conf import vl_settings
    vl_settings.CACHE_ALIAS

The object reads Django's settings at each access, so ``override_settings`` in
tests takes effect at once. ``checks.py`` reports bad values at start-up.
"""

import warnings

from django.conf import settings

SETTING_NAME = "WAGTAIL_VILLESLUMIERES"

DEFAULTS = {
    # Template that every public page of the package extends. A site points it at
    # its own base template, which must define the blocks documented in docs/.
    "BASE_TEMPLATE": "wagtail_villeslumieres/base.html",
    # True when that base template has no <main> element (the one `wagtail start`
    # makes has none): the package's pages then wrap their content in <main>, after
    # a "Skip to content" link.
    "MAIN_ELEMENT": False,
    # Django cache alias that holds letter totals; use a shared cache (Redis) when
    # the site runs several processes.
    "CACHE_ALIAS": "default",
    # Seconds a computed total stays cached. Saving or deleting a writing session
    # invalidates it at once whatever this value.
    "CACHE_TIMEOUT": 300,
    # Highest count of one kind (letters, drawings, ...) accepted for one session.
    "MAX_COUNT_PER_SESSION": 5000,
    # Seconds between two refreshes of the embedded counter.
    "EMBED_REFRESH_INTERVAL": 60,
    # Origins allowed to frame the embed views ("*" means any site).
    "EMBED_FRAME_ANCESTORS": ["*"],
    # HTTP caching of the counter's public responses: JSON, embed and oEmbed (seconds).
    "COUNTER_MAX_AGE": 30,
    "COUNTER_STALE_WHILE_REVALIDATE": 60,
    "COUNTER_STALE_IF_ERROR": 86400,
    # Name shown as oEmbed provider_name; defaults to the site's name.
    "PROVIDER_NAME": "",
    # Commitments listed per page on a commitment index.
    "COMMITMENTS_PER_PAGE": 20,
    # Days after which a "publication cleared" confirmation for an adopted
    # individual is flagged to editors for review.
    "CONSENT_REVIEW_DAYS": 365,
    # Content-Security-Policy of public pages, set by the optional
    # ``middleware.PublicContentSecurityPolicyMiddleware``: a dict of directive →
    # sources, as Django's SECURE_CSP; None for the package's policy, {} for none.
    "CONTENT_SECURITY_POLICY": None,
    # Reporting links (organisers report a session's counts without an account):
    # "confirm" keeps each report pending until an editor confirms it; "immediate"
    # counts it at once (an editor may still correct or reject it afterwards).
    "REPORTING_MODERATION": "confirm",
    # Days a new reporting link stays valid after its campaign's last day.
    "REPORTING_LINK_DAYS": 7,
    # Reports accepted per link, and per client address, within the period (seconds).
    "REPORTING_SUBMISSIONS_PER_LINK": 20,
    "REPORTING_SUBMISSIONS_PER_CLIENT": 30,
    "REPORTING_RATE_PERIOD": 3600,
    # E-mail the hub's editors when a report arrives (Django's e-mail).
    "REPORTING_NOTIFY_EDITORS": False,
    # Networks of counters (``counter.network``): members' counters pulled at once,
    # seconds allowed for each fetch (redirects included), the largest body read,
    # redirects followed, and the largest count of one kind a member may report.
    "NETWORK_PULL_CONCURRENCY": 8,
    "NETWORK_PULL_TIMEOUT": 10,
    "NETWORK_MAX_BODY_BYTES": 1_000_000,
    "NETWORK_MAX_REDIRECTS": 3,
    "NETWORK_MAX_COUNT": 100_000_000,
    # Plain http:// counter addresses (tests and demos only), and address ranges
    # exempt from the refusal of private, loopback and link-local addresses, for
    # example ["127.0.0.0/8", "::1/128"] for a demo pulling from itself.
    "NETWORK_ALLOW_HTTP": False,
    "NETWORK_ALLOWED_ADDRESSES": [],
    # The alias in ``TASKS`` of the backend the network's pull is enqueued on: a
    # worker backend for the pull alone while Wagtail's own tasks stay immediate.
    "NETWORK_TASK_BACKEND": "default",
}


#: Old key → new key. An old key still works, with a ``DeprecationWarning`` and
#: check W003, until the release after next.
RENAMED = {
    "JSON_MAX_AGE": "COUNTER_MAX_AGE",
    "JSON_STALE_WHILE_REVALIDATE": "COUNTER_STALE_WHILE_REVALIDATE",
    "JSON_STALE_IF_ERROR": "COUNTER_STALE_IF_ERROR",
}
OLD_NAMES = {new: old for old, new in RENAMED.items()}


class VillesLumieresSettings:
    """Attribute access to the settings dict, falling back to ``DEFAULTS``.

    Nothing is cached: each access reads Django's settings, so ``override_settings``
    (and a deleted setting) takes effect at once, at the cost of one dict lookup.
    """

    @property
    def user_settings(self):
        value = getattr(settings, SETTING_NAME, {})
        # A value of the wrong type is reported by check E002; defaults apply meanwhile.
        return value if isinstance(value, dict) else {}

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown {SETTING_NAME} setting: {name!r}")
        user = self.user_settings
        if name in user:
            return user[name]
        old = OLD_NAMES.get(name)
        if old in user:
            warnings.warn(
                f"{SETTING_NAME}[{old!r}] is deprecated: rename it to {name!r}.",
                DeprecationWarning,
                stacklevel=2,
            )
            return user[old]
        return DEFAULTS[name]


vl_settings = VillesLumieresSettings()
