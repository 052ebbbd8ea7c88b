"""Consultant pages: clients, compare, progress over time, portfolio, and their exports."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from assessments.comparison import STAGES
from assessments.peers import peer_set_version
from core.page_cache import cached_page
from core.requests import request_user
from organizations.models import Organization
from organizations.services import client_create
from workspace import pages
from workspace.exports import FORMATS, export_response


class ClientForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Client name"), max_length=200)


class CompareFilterForm(forms.Form):
    """The picker's filters; a value that does not parse is simply not applied."""

    q = forms.CharField(label=gettext_lazy("Client name"), required=False, max_length=200)
    client = forms.ChoiceField(label=gettext_lazy("Client"), required=False)
    since = forms.DateField(
        label=gettext_lazy("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=pgettext_lazy("date range", "to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    stage = forms.ChoiceField(label=gettext_lazy("Overall stage"), required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        clients: list[tuple[str, str]],
        stages: dict[str, str],
    ) -> None:
        super().__init__(data)
        self.fields["client"].choices = [("", _("All clients")), *clients]  # type: ignore[attr-defined]
        self.fields["stage"].choices = [  # type: ignore[attr-defined]
            ("", _("Any stage")),
            *[(key, stages.get(key, key)) for key in STAGES],
        ]

    def filters(self) -> pages.CompareFilters:
        if not self.is_bound:
            return pages.CompareFilters()
        self.is_valid()  # cleaned_data then holds the fields that parsed
        valid = self.cleaned_data
        return pages.CompareFilters(
            search=(valid.get("q") or "").strip(),
            client=valid.get("client") or "",
            since=valid.get("since"),
            until=valid.get("until"),
            stage=valid.get("stage") or "",
        )


def _consultant(request: HttpRequest) -> None:
    if not pages.is_consultant(request_user(request)):
        raise Http404("not a consultant")


def _ids(request: HttpRequest) -> list[int]:
    values = request.GET.getlist("a")
    if len(values) == 1 and "," in values[0]:
        values = values[0].split(",")
    return [int(v) for v in values if v.strip().isdigit()]


@login_required
def clients(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ClientForm(request.POST or None)
    if request.method == "POST":
        _consultant(request)
        if form.is_valid():
            organization = client_create(consultant=user, name=form.cleaned_data["name"])
            messages.success(request, _("%(name)s is a new client.") % {"name": organization.name})
            return redirect("organizations:invite", slug=organization.slug)
    # Queries: session, user, count, the page's client ids, their figures (latest and
    # previous score, drafts, invitations), the latest bank version (its titles cached)
    search = request.GET.get("q", "").strip()[:200]
    page = pages.consultant_clients(user, search=search, page=request.GET.get("page", 1))
    # The count of her clients is the consultant check (is_consultant) of this page.
    if not page.total and not user.is_staff:
        raise Http404("not a consultant")
    return render(
        request,
        "workspace/clients.html",
        {"page": page, "form": form, "stages": pages.labels().stages},
    )


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    clients = pages.compare_clients(user)

    def render_page(extra: dict[str, Any]) -> HttpResponse:
        names = pages.labels()
        form = CompareFilterForm(request.GET or None, clients=clients, stages=names.stages)
        # Queries: questionnaire (its titles cached), chosen ones (values), their results,
        # count and page of the picker
        page = pages.compare_page(
            user,
            _ids(request),
            filters=form.filters(),
            clients=clients,
            names=names,
            page=request.GET.get("page", 1),
        )
        return render(request, "workspace/compare.html", {"page": page, "form": form, **extra})

    # What the page shows is the submitted results of the user's organizations, frozen
    # once submitted: it is rendered once per peer-set version (every submission, deletion
    # and bank publication), organizations and address (its choices), then from the cache.
    parts = (peer_set_version(), clients)
    return cached_page(request, "workspace:compare", parts, render_page)


@login_required
def compare_export(request: HttpRequest, fmt: str) -> HttpResponse:
    export = pages.compare_export(request_user(request), _ids(request))
    if fmt not in FORMATS or export is None:
        raise Http404("nothing to export")
    return export_response(export, fmt=fmt)


@login_required
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(
        Organization.objects.for_user(request_user(request)), slug=slug
    )
    page = pages.progress_page(organization)
    return render(request, "workspace/progress.html", {"page": page})


@login_required
def progress_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organization = get_object_or_404(
        Organization.objects.for_user(request_user(request)), slug=slug
    )
    if fmt not in FORMATS:
        raise Http404("unknown format")
    return export_response(pages.progress_export(organization), fmt=fmt)


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    _consultant(request)
    user = request_user(request)

    def render_page(extra: dict[str, Any]) -> HttpResponse:
        page = pages.portfolio_page(user)
        return render(request, "workspace/portfolio.html", {"page": page, **extra})

    # Rendered once per version of what it shows, then from the cache (token filled in).
    return cached_page(request, "workspace:portfolio", pages.portfolio_parts(user), render_page)


@login_required
def portfolio_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _consultant(request)
    export = pages.portfolio_export(request_user(request))
    if fmt not in FORMATS or export is None:
        raise Http404("nothing to export")
    return export_response(export, fmt=fmt)
