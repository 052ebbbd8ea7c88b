"""Consultant pages: clients, compare, progress over time, portfolio, and their exports."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from assessments import workspace
from assessments.exports import table_response
from organizations.invites import INVITE_DAYS
from organizations.models import Invitation, Membership, Organization
from organizations.services import client_create, invitation_create, invitation_revoke

EXPORT_FORMATS = ("csv", "xlsx")


class ClientForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Client name"), max_length=200)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address of the person to invite"))


def _consultant(request: HttpRequest) -> None:
    if not workspace.is_consultant(request.user):
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
        organization = client_create(consultant=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("%(name)s is a new client.") % {"name": organization.name})
        return redirect("assessments:invite", slug=organization.slug)
    # Queries: session, user, consultant check, memberships with organizations and
    # their pending invitation counts, assessments, questionnaire, elements, stages
    return render(
        request,
        "assessments/workspace/clients.html",
        {
            "rows": workspace.consultant_clients(request.user),
            "form": form,
            "stages": workspace.labels().stages,
        },
    )


def _consulted(request: HttpRequest, slug: str) -> Organization:
    """The client, if the user is one of its consultants; 404 for anyone else."""
    membership = get_object_or_404(
        Membership.objects.consulting(request.user).select_related("organization"),
        organization__slug=slug,
    )
    return membership.organization


@never_cache  # the response to a new invitation carries its link
@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """A client's invitations: invite a person by email, see and revoke the others."""
    organization = _consulted(request, slug)
    form = InvitationForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        invitation, link, mailed = invitation_create(
            organization=organization,
            email=form.cleaned_data["email"],
            created_by=request.user,
            link_for=lambda token: request.build_absolute_uri(
                reverse("invitation", kwargs={"token": token})
            ),
        )
        # Shown in this response only: the token is stored nowhere.
        created = {"invitation": invitation, "link": link, "mailed": mailed}
        form = InvitationForm()
    # Queries: session, user, consultant membership with organization, invitations with
    # who invited
    return render(
        request,
        "assessments/workspace/invite.html",
        {
            "organization": organization,
            "form": form,
            "created": created,
            "invitations": organization.invitations.select_related("created_by"),
            "days": INVITE_DAYS,
        },
    )


@login_required
@require_POST
def invite_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _consulted(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, organization=organization)
    if invitation_revoke(invitation=invitation):
        messages.success(
            request,
            _("The invitation of %(email)s is revoked: its link no longer works.")
            % {"email": invitation.email},
        )
    else:
        messages.info(request, _("This invitation was not pending any more."))
    return redirect("assessments:invite", slug=organization.slug)


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    page = workspace.compare_page(request.user, _ids(request))
    return render(request, "assessments/workspace/compare.html", {"page": page})


@login_required
def compare_export(request: HttpRequest, fmt: str) -> HttpResponse:
    page = workspace.compare_page(request.user, _ids(request))
    if fmt not in EXPORT_FORMATS or page.frame is None:
        raise Http404("nothing to export")
    return table_response(page.frame, name="comparison", fmt=fmt)


@login_required
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.for_user(request.user), slug=slug)
    page = workspace.progress_page(organization)
    return render(request, "assessments/workspace/progress.html", {"page": page})


@login_required
def progress_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.for_user(request.user), slug=slug)
    if fmt not in EXPORT_FORMATS:
        raise Http404("unknown format")
    page = workspace.progress_page(organization)
    return table_response(page.frame, name=f"progress-{organization.slug}", fmt=fmt)


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    _consultant(request)
    return render(
        request,
        "assessments/workspace/portfolio.html",
        {"page": workspace.portfolio_page(request.user)},
    )


@login_required
def portfolio_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _consultant(request)
    if fmt not in EXPORT_FORMATS:
        raise Http404("unknown format")
    return table_response(workspace.portfolio_page(request.user).frame, name="portfolio", fmt=fmt)
