"""The home page: every organization of the user with its assessments."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.models import Assessment
from core.requests import request_user
from front.navigation import app_bar_from, app_bar_store
from maturity.models import Questionnaire
from organizations.models import Membership


def memberships_for_home(user: User) -> QuerySet[Membership]:
    """The user's memberships with their organization, its member count and its
    assessments (newest first): two queries."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .annotate(member_count=Count("organization__memberships"))
        .prefetch_related(
            Prefetch(
                "organization__assessments",
                queryset=Assessment.objects.order_by("-created_at"),
            )
        )
        .order_by("organization__name")
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the user's memberships with their organizations and
    # member counts, their assessments, the published questionnaire with its question
    # count, its stages.
    questionnaire = Questionnaire.objects.latest_published_summary()
    stages = {stage.key: stage for stage in questionnaire.stages.all()} if questionnaire else {}
    user = request_user(request)
    memberships = list(memberships_for_home(user))
    # The app bar's copy in the session, refreshed for free (written only if it changed).
    app_bar_store(request, app_bar_from(memberships, user))
    return render(
        request,
        "front/home.html",
        {
            "memberships": memberships,
            "questionnaire": questionnaire,
            "stages": stages,
            "is_consultant": any(m.role == Membership.Role.CONSULTANT for m in memberships),
        },
    )
