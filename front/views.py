"""The home page: every organization of the user with its assessments."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.models import Answer, Assessment
from assessments.team_services import team_progress
from core.requests import request_user
from front.navigation import app_bar_from, app_bar_store
from maturity.models import Question, Questionnaire
from organizations.models import Membership

# The home page lists an organization's newest assessments, this many.
SHOWN_PER_ORGANIZATION = 5


def _count(queryset: QuerySet[Any], by: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` grouped by its `by` column: no join that
    multiplies rows, no query of its own."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(by).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def with_progress(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Each assessment with `answered` (not applicable counts) and `question_total`."""
    return assessments.annotate(
        answered=_count(
            Answer.objects.filter(assessment=OuterRef("pk"), option__isnull=False), "assessment"
        ),
        question_total=_count(
            Question.objects.filter(questionnaire=OuterRef("questionnaire")), "questionnaire"
        ),
    )


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
                queryset=with_progress(
                    Assessment.objects.select_related("started_by", "questionnaire").order_by(
                        "-created_at"
                    )
                ),
            )
        )
        .order_by("organization__name")
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the user's memberships with their organizations and
    # member counts, their assessments, the published questionnaire with its question
    # count, its stages; with a team draft shown, its respondents and their answers.
    questionnaire = Questionnaire.objects.latest_published_summary()
    stages = {stage.key: stage for stage in questionnaire.stages.all()} if questionnaire else {}
    user = request_user(request)
    memberships = list(memberships_for_home(user))
    shown: list[Assessment] = []
    for membership in memberships:
        assessments = list(membership.organization.assessments.all())
        shown.extend(assessments[:SHOWN_PER_ORGANIZATION])
        drafts = [a for a in assessments if a.is_draft]
        # "Start a new assessment" offers to resume this one first.
        membership.open_draft = max(drafts, key=lambda a: a.updated_at, default=None)  # type: ignore[attr-defined]
    # A team draft shows each respondent's progress on her part (two queries, if any).
    shares = team_progress(shown)
    for assessment in shown:
        assessment.respondent_shares = shares.get(assessment.pk, [])  # type: ignore[attr-defined]
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
