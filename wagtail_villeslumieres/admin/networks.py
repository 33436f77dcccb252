"""The admin's "Pull now" for one network: its pull enqueued on the task backend.

Offered in the network page's header to the editors who may edit that page (and
only them: ``network_for_editor``); with the immediate backend the pull runs at
once, with a worker backend the worker runs it. Each request is in the page's
history (``PULL_ACTION``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter, log

from ..counter.tasks import enqueue_pull
from ..models.network import NetworkPage
from .permissions import networks_for_user

PULL_ACTION = "wagtail_villeslumieres.pull_network"


def network_for_editor(user, pk):
    """The network ``pk`` if ``user`` may edit its page (within their page scope), else 403."""
    network = networks_for_user(user).filter(pk=pk).select_related("campaign").first()
    if network is None or not network.permissions_for_user(user).can_edit():
        raise PermissionDenied
    return network


class PullNetworkView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what a pull does, and a button; POST: enqueue the pull, log it, back to the page."""

    template_name = "wagtail_villeslumieres/admin/network/pull.html"
    page_title = _("Pull now")
    header_icon = "resubmit"

    def dispatch(self, request, *args, pk, **kwargs):
        self.network = network_for_editor(request.user, pk)
        return super().dispatch(request, *args, pk=pk, **kwargs)

    def get_page_subtitle(self):
        return self.network.title

    def get_breadcrumbs_items(self):
        edit = reverse("wagtailadmin_pages:edit", args=[self.network.pk])
        return [
            {"url": edit, "label": self.network.title},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["network"] = self.network
        context["members"] = self.network.members.filter(status="active").count()
        context["back_url"] = reverse("wagtailadmin_pages:edit", args=[self.network.pk])
        return context

    def post(self, request, *args, **kwargs):
        result = enqueue_pull(self.network.pk)
        finished = result.is_finished
        log(
            instance=self.network,
            action=PULL_ACTION,
            user=request.user,
            data={"task": str(result.id), "finished": finished},
        )
        if not finished:
            messages.success(
                request,
                gettext("The pull is queued: the figures change once the task worker has run it."),
            )
        elif result.errors:
            messages.error(request, gettext("The pull failed: see the server's log."))
        else:
            messages.success(
                request,
                gettext("Pulled: %(report)s")
                % {"report": result.return_value.get(str(self.network.pk), "")},
            )
        return redirect("wagtailadmin_pages:edit", self.network.pk)


class PullNetworkFormatter(LogFormatter):
    """The page history's line for a "Pull now"."""

    label = _("Pull now")

    def format_message(self, log_entry):
        if (log_entry.data or {}).get("finished"):
            return _("Members' counters pulled")
        return _("Pull of the members' counters queued")


def pull_header_button(page, user, view_name, next_url=None):
    """The "Pull now" button of a network page's header, for whoever may edit it."""
    if isinstance(page, NetworkPage) and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Pull now"),
            reverse("wagtail_villeslumieres_admin:network_pull", args=[page.pk]),
            icon_name="resubmit",
            priority=40,
        )
