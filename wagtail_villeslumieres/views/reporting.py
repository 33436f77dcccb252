"""The organiser's report form, reached through a reporting link (no account needed).

``GET report/<token>/`` shows the form (the session's place and date, a field
per kind, a note to the editor); ``POST`` records the report
(``reporting.submit``) and redirects to the thank-you page, which shows the
hub's current total. A group link's page also lists what the group sent, each
report correctable at ``report/<token>/<report>/``.

A tampered, unknown, expired or revoked token answers the site's plain ``404``:
nothing about the session is revealed. The pages are never cached, indexed nor
framed; the language is chosen on the page (``?lang=``), without JavaScript.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_deny
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from .. import reporting
from ..conf import vl_settings
from ..counter import totals
from ..counter.languages import LANGUAGES, default_language, language_code
from ..counter.payload import CounterNotFound, counter_payload
from ..models.letters import KINDS
from ..models.reporting import ReportingLink, SessionReport

TEMPLATES = "wagtail_villeslumieres/reporting/"

#: The form fields a session's validation errors belong to.
SESSION_ERROR_FIELDS = {"starts_at": "day", "ends_at": "ends", "letters": "letters"}


class ReportForm(forms.ModelForm):
    """The counts and the note; for a group link, also where and when.

    The counts' limits and messages are the model fields' (``MaxCountValidator``,
    shared with the admin's session form), and the session they would give is
    validated by ``WritingSession.clean`` (dates inside the campaign, a count for a
    session that has ended), so a report is refused for the reasons an editor's
    form would be.
    """

    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    starts = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("To"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    class Meta:
        model = SessionReport
        fields = ["place_name", *KINDS, "note"]
        widgets = {
            **{
                kind: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "size": 6})
                for kind in KINDS
            },
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, link, **kwargs):
        super().__init__(*args, **kwargs)
        self.link = link
        self.instance.link = link
        if link.kind == ReportingLink.SESSION:
            for name in ("place_name", "day", "starts", "ends"):
                del self.fields[name]
        else:
            for name in ("place_name", "day", "starts", "ends"):
                self.fields[name].required = True
            self.fields["place_name"].help_text = _(
                "For example “Bibliothèque communale” or “École du Centre”."
            )
            if self.instance.starts_at and not self.is_bound:
                starts = timezone.localtime(self.instance.starts_at)
                self.initial.update(day=starts.date(), starts=starts.time())
                self.initial["ends"] = timezone.localtime(self.instance.ends_at).time()
        for kind in KINDS:
            self.fields[kind].widget.attrs["max"] = vl_settings.MAX_COUNT_PER_SESSION

    def clean(self):
        cleaned_data = super().clean()
        if self.link.kind == ReportingLink.GROUP:
            day, starts, ends = (cleaned_data.get(name) for name in ("day", "starts", "ends"))
            if day and starts and ends:
                zone = timezone.get_current_timezone()
                self.instance.starts_at = timezone.make_aware(
                    datetime.datetime.combine(day, starts), zone
                )
                self.instance.ends_at = timezone.make_aware(
                    datetime.datetime.combine(day, ends), zone
                )
            else:
                return cleaned_data
        if self.errors:
            return cleaned_data
        report = self.instance
        for name in ("place_name", *KINDS):
            if name in cleaned_data:
                setattr(report, name, cleaned_data[name])
        try:
            reporting.session_of(report).clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = SESSION_ERROR_FIELDS.get(field)
                if target not in self.fields:
                    target = None
                for message in messages:
                    self.add_error(target, message)
        return cleaned_data


def chosen_language(request, link):
    """The page's language: ``lang`` of the request, else the browser's, else the campaign's."""
    source = request.POST if request.method == "POST" else request.GET
    return (
        language_code(source.get("lang"))
        or language_code(translation.get_language())
        or default_language(link.campaign)
    )


def _private(response):
    """Never stored by a cache, never indexed; framing is refused by the decorator."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address carries the secret: never sent to another site (a form post keeps
    # its own origin, which CSRF protection checks; "no-referrer" would send "null").
    response["Referrer-Policy"] = "same-origin"
    return response


def _link_or_404(token):
    link = reporting.link_for_token(token)
    if link is None:
        raise Http404
    return link


def _language_links(request, language):
    links = []
    for code in LANGUAGES:
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": f"{request.path}?{urlencode({'lang': code})}",
                "current": code == language,
            }
        )
    return links


def _context(request, link, language, **extra):
    return {
        "link": link,
        "session": link.session,
        "campaign": link.campaign,
        "hub": link.hub,
        "vl_language": language,
        "languages": _language_links(request, language),
        "immediate": reporting.moderation_is_immediate(),
        **extra,
    }


@xframe_options_deny
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def report_form(request, token, report=None):
    """The report form of a link (a group link's ``report`` to correct, by its number)."""
    link = _link_or_404(token)
    language = chosen_language(request, link)
    with translation.override(language):
        if link.kind == ReportingLink.SESSION:
            if report is not None:
                raise Http404
            instance = reporting.current_report(link) or SessionReport(link=link)
            if instance.pk is None:
                for kind in KINDS:
                    setattr(instance, kind, getattr(link.session, kind))
        elif report is not None:
            instance = link.reports.exclude(status=SessionReport.REJECTED).filter(pk=report).first()
            if instance is None:
                raise Http404
        else:
            instance = SessionReport(link=link)
        status = 200
        if request.method == "POST":
            form = ReportForm(request.POST, instance=instance, link=link)
            client = reporting.client_hash(request)
            try:
                reporting.check_rate(link, client)
            except reporting.RateLimited:
                form.is_valid()
                status = 429
                form.add_error(
                    None,
                    _(
                        "Too many reports were sent from here in a short time. Please try "
                        "again in an hour, or ask the commune's editors to record it."
                    ),
                )
            else:
                if form.is_valid():
                    sent = reporting.submit(form.instance, client=client)
                    url = reverse("wagtail_villeslumieres:report_thanks", args=[token])
                    query = urlencode({"lang": language, "report": sent.pk})
                    return _private(HttpResponseRedirect(f"{url}?{query}"))
        else:
            form = ReportForm(instance=instance, link=link)
        sent_reports = []
        if link.kind == ReportingLink.GROUP:
            sent_reports = list(
                link.reports.exclude(status=SessionReport.REJECTED).order_by("starts_at", "pk")
            )
        context = _context(
            request,
            link,
            language,
            form=form,
            report=instance,
            token=token,
            sent_reports=sent_reports,
        )
        response = TemplateResponse(request, TEMPLATES + "form.html", context, status=status)
        response.render()
    return _private(response)


def hub_figures(link, language):
    """The hub's current total, as its counter shows it (the counter's payload when public)."""
    try:
        payload = counter_payload(link.campaign.slug, link.hub_id, language)
        return {"total": payload["total"], "goal": payload["goal"]}
    except CounterNotFound:
        figures = totals.for_campaign(link.campaign, link.hub)
        return {"total": figures.total, "goal": None}


@xframe_options_deny
@require_http_methods(["GET", "HEAD"])
def report_thanks(request, token):
    """Thanks, with the hub's current total and the way back to correct the report."""
    link = _link_or_404(token)
    language = chosen_language(request, link)
    with translation.override(language):
        sent = None
        if (request.GET.get("report") or "").isdigit():
            sent = link.reports.filter(pk=request.GET["report"]).first()
        if link.kind == ReportingLink.GROUP and sent is not None:
            again = reverse("wagtail_villeslumieres:report_correct", args=[token, sent.pk])
        else:
            again = reverse("wagtail_villeslumieres:report", args=[token])
        context = _context(
            request,
            link,
            language,
            sent=sent,
            figures=hub_figures(link, language),
            correct_url=f"{again}?{urlencode({'lang': language})}",
            new_url=reverse("wagtail_villeslumieres:report", args=[token])
            + f"?{urlencode({'lang': language})}",
        )
        response = TemplateResponse(request, TEMPLATES + "thanks.html", context)
        response.render()
    return _private(response)
