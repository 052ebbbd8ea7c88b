"""Consultant pages: clients, compare, progress over time, portfolio, and their exports."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.requests import request_user
from organizations.models import Organization
from organizations.services import client_create
from workspace import pages
from workspace.exports import table_response

EXPORT_FORMATS = ("csv", "xlsx")


class ClientForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Client name"), max_length=200)


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
    _consultant(request)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = client_create(
            consultant=request_user(request), name=form.cleaned_data["name"]
        )
        messages.success(request, _("%(name)s is a new client.") % {"name": organization.name})
        return redirect("organizations:invite", slug=organization.slug)
    # Queries: session, user, consultant check, memberships with organizations and
    # their pending invitation counts, assessments, questionnaire, elements, stages
    return render(
        request,
        "workspace/clients.html",
        {
            "rows": pages.consultant_clients(request_user(request)),
            "form": form,
            "stages": pages.labels().stages,
        },
    )


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    page = pages.compare_page(request_user(request), _ids(request))
    return render(request, "workspace/compare.html", {"page": page})


@login_required
def compare_export(request: HttpRequest, fmt: str) -> HttpResponse:
    page = pages.compare_page(request_user(request), _ids(request))
    if fmt not in EXPORT_FORMATS or page.records is None:
        raise Http404("nothing to export")
    return table_response(page.records, name="comparison", fmt=fmt)


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
    if fmt not in EXPORT_FORMATS:
        raise Http404("unknown format")
    page = pages.progress_page(organization)
    return table_response(page.records, name=f"progress-{organization.slug}", fmt=fmt)


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    _consultant(request)
    return render(
        request,
        "workspace/portfolio.html",
        {"page": pages.portfolio_page(request_user(request))},
    )


@login_required
def portfolio_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _consultant(request)
    if fmt not in EXPORT_FORMATS:
        raise Http404("unknown format")
    return table_response(
        pages.portfolio_page(request_user(request)).records, name="portfolio", fmt=fmt
    )
