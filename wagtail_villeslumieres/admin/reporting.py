"""The admin of reporting links: create and share a link, decide on the reports.

Every view asks the hub scope (``admin.permissions``): a user sees, creates and
decides only on the links and reports of the hubs whose writing sessions they may
change. The decisions themselves are ``wagtail_villeslumieres.reporting``'s.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from .. import reporting


class ReportingLogFormatter(LogFormatter):
    """An audit log line naming the link (and the counts a report carried)."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        counts = data.get("counts")
        text = self.message % {"link": data.get("link_title") or f"#{data.get('link')}"}
        if counts:
            text = f"{text} ({', '.join(f'{kind} {value}' for kind, value in counts.items())})"
        return text


def _formatter(label, message):
    return type(
        "ReportingLogFormatter",
        (ReportingLogFormatter,),
        {"label": label, "message": message, "__module__": __name__},
    )


#: Audit log action → its formatter (registered in ``wagtail_hooks.py``).
LOG_FORMATTERS = {
    reporting.LINK_CREATED: _formatter(
        _("Create reporting link"), _("Reporting link created: %(link)s")
    ),
    reporting.LINK_REVOKED: _formatter(
        _("Revoke reporting link"), _("Reporting link revoked: %(link)s")
    ),
    reporting.REPORT_RECEIVED: _formatter(
        _("Receive report"), _("Report received through %(link)s")
    ),
    reporting.REPORT_CORRECTED: _formatter(
        _("Correct report"), _("Report corrected through %(link)s")
    ),
    reporting.REPORT_CONFIRMED: _formatter(
        _("Confirm report"), _("Report confirmed, sent through %(link)s")
    ),
    reporting.REPORT_REJECTED: _formatter(
        _("Reject report"), _("Report rejected, sent through %(link)s")
    ),
}
