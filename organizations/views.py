from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from organizations.invites import INVITE_DAYS
from organizations.models import Invitation, Membership, Organization
from organizations.services import (
    INVITATION_ACCOUNT_EXISTS,
    INVITATION_WRONG_EMAIL,
    InvitationRefused,
    email_matches,
    invitation_accept,
    invitation_create,
    invitation_from_token,
    invitation_revoke,
)


class InvitationSignupForm(UserCreationForm[User]):
    """Sign-up through an invitation: the email is the invitation's, not editable."""

    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        disabled=True,
        help_text=gettext_lazy("The invitation is for this address."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean(self) -> dict[str, Any]:
        # A ModelForm's clean() fills and returns self.cleaned_data (the stubs allow
        # None, as any Form's may), so read that dict itself.
        super().clean()
        email = self.cleaned_data.get("email")
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(INVITATION_ACCOUNT_EXISTS)
        return self.cleaned_data


def _refused(request: HttpRequest, refused: InvitationRefused) -> HttpResponse:
    return render(
        request,
        "organizations/invitation_invalid.html",
        {"reason": refused.message},
        status=refused.status,
    )


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: never pass it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Join an organization through an invitation: sign up with its email, or log in
    with an account of that email, then accept. Each invitation works once."""
    try:
        invitation = invitation_from_token(token)
    except InvitationRefused as refused:
        return _private(_refused(request, refused))
    context: dict[str, object] = {
        "organization": invitation.organization,
        "invitation": invitation,
    }
    if request.user.is_authenticated:
        if not email_matches(invitation, request.user):
            context["refusal"] = INVITATION_WRONG_EMAIL % {"email": invitation.email}
            return _private(render(request, "organizations/invitation.html", context, status=403))
        if request.method == "POST":
            try:
                invitation_accept(invitation=invitation, user=request.user)
            except InvitationRefused as refused:
                return _private(_refused(request, refused))
            messages.success(
                request, _("You joined %(name)s.") % {"name": invitation.organization.name}
            )
            return redirect("home")
        return _private(render(request, "organizations/invitation.html", context))
    form = InvitationSignupForm(request.POST or None, initial={"email": invitation.email})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
                invitation_accept(invitation=invitation, user=user)
        except InvitationRefused as refused:  # taken meanwhile: no account is left behind
            return _private(_refused(request, refused))
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome! You joined %(name)s.") % {"name": invitation.organization.name}
        )
        return redirect("home")
    context["form"] = form
    return _private(render(request, "organizations/invitation.html", context))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address of the person to invite"))


def _consulted(user: User, slug: str) -> Organization:
    """The client, if the user is one of its consultants; 404 for anyone else."""
    membership = get_object_or_404(
        Membership.objects.consulting(user).select_related("organization"),
        organization__slug=slug,
    )
    return membership.organization


@never_cache  # the response to a new invitation carries its link
@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """A client's invitations: invite a person by email, see and revoke the others."""
    assert isinstance(request.user, User)  # login_required: never anonymous here
    organization = _consulted(request.user, slug)
    form = InvitationForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        invitation, link, mailed = invitation_create(
            organization=organization,
            email=form.cleaned_data["email"],
            created_by=request.user,
            link_for=lambda token: request.build_absolute_uri(
                reverse("organizations:invitation", kwargs={"token": token})
            ),
        )
        # Shown in this response only: the token is stored nowhere.
        created = {"invitation": invitation, "link": link, "mailed": mailed}
        form = InvitationForm()
    # Queries: session, user, consultant membership with organization, invitations with
    # who invited
    return render(
        request,
        "organizations/invite.html",
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
    assert isinstance(request.user, User)  # login_required: never anonymous here
    organization = _consulted(request.user, slug)
    invitation = get_object_or_404(Invitation, pk=pk, organization=organization)
    if invitation_revoke(invitation=invitation):
        messages.success(
            request,
            _("The invitation of %(email)s is revoked: its link no longer works.")
            % {"email": invitation.email},
        )
    else:
        messages.info(request, _("This invitation was not pending any more."))
    return redirect("organizations:invite", slug=organization.slug)
