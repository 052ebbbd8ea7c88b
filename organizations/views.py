from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from maturity.models import Questionnaire
from organizations.invites import invited_organization
from organizations.models import Membership
from organizations.services import invitation_accept


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


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Join an organization through a signed link: sign up, or log in, then accept."""
    organization = invited_organization(token)
    if organization is None:
        return render(request, "organizations/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        if request.method == "POST":
            invitation_accept(user=request.user, organization=organization)
            messages.success(request, _("You joined %(name)s.") % {"name": organization.name})
            return redirect("home")
        return render(request, "organizations/invitation.html", {"organization": organization})
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            invitation_accept(user=user, organization=organization)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! You joined %(name)s.") % {"name": organization.name})
        return redirect("home")
    return render(
        request, "organizations/invitation.html", {"organization": organization, "form": form}
    )
