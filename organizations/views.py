from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from maturity.models import Questionnaire
from organizations.models import Membership
from organizations.services import (
    INVITATION_ACCOUNT_EXISTS,
    INVITATION_WRONG_EMAIL,
    InvitationRefused,
    email_matches,
    invitation_accept,
    invitation_from_token,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the user's memberships with their organizations and
    # member counts, their assessments, the published questionnaire with its question
    # count, its stages.
    questionnaire = Questionnaire.objects.latest_published_summary()
    stages = {stage.key: stage for stage in questionnaire.stages.all()} if questionnaire else {}
    memberships = list(Membership.objects.for_home(request.user))
    return render(
        request,
        "organizations/home.html",
        {
            "memberships": memberships,
            "questionnaire": questionnaire,
            "stages": stages,
            "is_consultant": any(m.role == Membership.Role.CONSULTANT for m in memberships),
        },
    )


class InvitationSignupForm(UserCreationForm):
    """Sign-up through an invitation: the email is the invitation's, not editable."""

    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        disabled=True,
        help_text=gettext_lazy("The invitation is for this address."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean(self) -> dict:
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(INVITATION_ACCOUNT_EXISTS)
        return cleaned


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
    context = {"organization": invitation.organization, "invitation": invitation}
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
